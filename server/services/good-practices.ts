/**
 * Good-practice extraction (issue 7, Rec 14): the pure `goodPracticeRows` fed with what the dashboard analyses
 * (services/analysis.ts: the survey's definition, saved responses and the roster).
 */
import { AnalysisInputError, goodPracticeRows, goodPracticeTable, type Table } from '../../analysis';
import { AppError } from '../errors';
import type { CityStore } from '../stores/cities';
import type { ResponseStore } from '../stores/responses';
import type { SurveyStore } from '../stores/surveys';
import { analysisService } from './analysis';

export function goodPracticeService(d: { surveys: SurveyStore; responses: ResponseStore; cities: CityStore }) {
  const analysis = analysisService(d);
  return {
    /** The survey's good-practice candidates as one table, and the survey's year (for the file name). */
    table({ surveyId, submittedOnly }: { surveyId: number; submittedOnly: boolean }): { year: number; table: Table } {
      const input = analysis.inputs({ surveyId, submittedOnly });
      try {
        const rows = goodPracticeRows({ definition: input.definition, responses: input.responses, roster: input.roster });
        return { year: input.survey.year, table: goodPracticeTable(rows) };
      } catch (err) {
        if (err instanceof AnalysisInputError) throw new AppError('validation_failed', `The good practices cannot be extracted: ${err.message}`);
        throw err;
      }
    },
  };
}
