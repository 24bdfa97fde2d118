/**
 * The analysis module's public surface: `analyseSurvey` and the types of its result, plus the statistics
 * and table builders a dashboard or notebook may want on their own. Pure: no I/O anywhere but cli.ts.
 */
export {
  analyseSurvey,
  analyseSurveyStream,
  ResponseOrderError,
  type AnalyseSurveyInput,
  type AnalyseSurveyStreamInput,
  type PreviousYear,
  type SurveyAnalysis,
} from './analyse-survey';
export type { AreaChange, ChangeIndicators, OverallChange, ServicesCredited } from './change-indicators';
export type { CityAttributes, Filters, RosterCity, SurveyResponse } from './cohort';
export type { ChannelPick, ChannelRank, CommunicationPreferences } from './communication-preferences';
export { indicatorTables, type Cell, type ColumnSpec, type Table } from './indicator-tables';
export { AnalysisInputError } from './input-error';
export type { Coordination, NeedCell, NeedFigure, Needs, Pairing } from './needs-and-coordination';
export { PROGRESS_FORMULA, type CityProgress, type MarkerSummary, type ProgressScores, type ScoreCell } from './progress-scores';
export type { ChoiceSummary, NumericSummary, QuestionSummary, RankingSummary, Share, TextEntry, TextSummary } from './question-summaries';
export type { Engagement, EngagementCell, RateCell, ResponseRates } from './response-rates';
export { meanInterval, type MeanEstimate } from './mean-interval';
export { summariseSample, type SampleSummary } from './sample-summary';
export { studentTQuantile } from './student-t';
export { DefinitionError, surveyCatalogue, type CatalogueQuestion, type CatalogueSection, type ChoiceOption, type LocalisedText, type MatrixRow, type SurveyCatalogue } from './survey-catalogue';
export { cellsToSuppress, DEFAULT_MIN_CELL, suppressBreakdown } from './suppression';
export { proportion, wilsonInterval, Z95, type Interval, type Proportion } from './wilson-interval';
export type { CrossSectionChange, PanelChange, YearOverYear } from './year-over-year';
export {
  cityReport,
  OVERALL,
  visibleGroups,
  type ChangeRow,
  type CityReport,
  type CityReportInput,
  type ComparisonGroup,
  type GroupMean,
  type GroupShares,
  type OpenAnswer,
  type OwnChange,
  type ProgressRow,
} from './city-report';
export {
  publicShare,
  publicSummary,
  publicSummaryTables,
  type BilingualLabel,
  type PublicMean,
  type PublicPanelChange,
  type PublicShare,
  type PublicSummary,
  type PublicSummaryInput,
} from './public-summary';
export { goodPracticeRows, goodPracticeTable, type GoodPracticeInput, type GoodPracticeRow } from './good-practices';
export { questionAcrossYears, type QuestionAcrossYears, type QuestionYear, type QuestionYearInput } from './question-years';
