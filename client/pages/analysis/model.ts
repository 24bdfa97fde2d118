/**
 * The shapes the analysis API returns (GET /api/surveys/:id/analysis and /trend), as the pages read them, and
 * the number formats of both languages. The server computes; these pages only present.
 */
import type { Lang } from '../../i18n';
import type { Interval } from './figure';

export interface Share {
  k: number;
  n: number;
  p: number | null;
  ci95: Interval;
}
export type Label = { en: string; fr: string };
export type LocalisedText = { en: string; fr: string | null };
export type AnswerKind = 'substantive' | 'other' | 'dontknow';

export interface CatalogueOption {
  key: string;
  kind: AnswerKind;
  score: number | null;
  text: LocalisedText;
}
export interface CatalogueQuestion {
  code: string;
  type: string;
  shape: 'single' | 'multiple' | 'numeric' | 'ranking' | 'matrix' | 'text' | 'structured';
  indicator: string | null;
  policyArea: string | null;
  title: LocalisedText;
  options: CatalogueOption[];
  rows: { key: string; policyArea: string | null; text: LocalisedText }[];
  commentKey: string | null;
  section: string | null;
  /**
   * The fixed cells of a matrixdropdown (row × column) or multipletext (item), each summarised as a question of
   * its shape under `"<code>.<key>"`; absent or null for every other question (matrixdynamic and paneldynamic
   * included: their repeated rows are not summarised).
   */
  cells?: CatalogueCell[] | null;
}
/** One cell of a structured question (analysis/structured-cells.ts). */
export interface CatalogueCell {
  key: string;
  row?: string;
  column?: string;
  item?: string;
  type: string;
  shape: 'single' | 'multiple' | 'numeric' | 'text';
  options: CatalogueOption[];
  title: LocalisedText;
  policyArea: string | null;
}

export interface TextEntry {
  city: string;
  text: string;
}
interface SummaryBase {
  type: string;
  n: number;
  indicator?: string;
  policyArea?: string;
}
export interface ChoiceSummary extends SummaryBase {
  counts: Record<string, number>;
  shares: Record<string, { p: number; ci95: [number, number] }>;
  kinds: Record<string, AnswerKind>;
  nSubstantive: number;
  comments?: TextEntry[];
}
export interface NumericSummary extends SummaryBase {
  mean: number | null;
  ci95: Interval;
  sd: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
  distribution: Record<string, number>;
  comments?: TextEntry[];
}
export interface RankingSummary extends SummaryBase {
  meanRank: Record<string, number>;
  rankedCount: Record<string, number>;
  rankedFirst: Record<string, Share>;
  rankedLast: Record<string, Share>;
  nComplete: number;
  comments?: TextEntry[];
}
export interface TextSummary extends SummaryBase {
  texts: TextEntry[];
}
export type QuestionSummary = ChoiceSummary | NumericSummary | RankingSummary | TextSummary | SummaryBase;

export const isChoice = (s: QuestionSummary | undefined): s is ChoiceSummary => !!s && 'counts' in s;
export const isNumeric = (s: QuestionSummary | undefined): s is NumericSummary => !!s && 'distribution' in s;
export const isRanking = (s: QuestionSummary | undefined): s is RankingSummary => !!s && 'meanRank' in s;
export const isText = (s: QuestionSummary | undefined): s is TextSummary => !!s && 'texts' in s;

interface ChannelPick {
  value: string;
  share: Share;
}
export interface Analysis {
  survey: { id: number; year: number; title: string; titleFr: string };
  n: number;
  N?: number;
  minCell: number;
  smallSample: boolean;
  labels: { areas: Record<string, Label>; channels: Record<string, Label> };
  filterOptions: { network: string[]; country: string[]; size: string[] };
  catalogue: { sections: { name: string; title: LocalisedText }[]; questions: CatalogueQuestion[] };
  cityNames: Record<string, string>;
  questions: Record<string, QuestionSummary>;
  responseRates: { overall: { invited: number | null; responded: number; p: number | null; ci95: Interval } };
  rec19: {
    areas: { area: string; change: Share; attributedAmongAnswering: Share }[];
    overall: { change: Share; attributedAmongAnswering: Share };
  };
  rec17: {
    overall: { n: number; mean: number | null; ci95: Interval };
    change?: { overall: { panel: { n: number; meanChange: number | null; ci95: Interval } } };
  };
  rec11: {
    n: number;
    channels: { value: string; rankedFirst: Share }[];
    preferred: ChannelPick | null;
    emailPreferred: Share;
    leastFavourite: ChannelPick | null;
  };
}

/**
 * The headline part of the analysis (`?part=headlines`): what the headlines view shows, nothing else. The page
 * shows it first and loads the whole analysis next.
 */
export type AnalysisHeadlines = Pick<
  Analysis,
  'n' | 'N' | 'minCell' | 'smallSample' | 'survey' | 'labels' | 'filterOptions' | 'responseRates' | 'rec19' | 'rec17' | 'rec11'
> & { part: 'headlines' };

export interface TrendPoint {
  surveyId: number;
  year: number;
  status: string;
  n: number;
  N: number | null;
  responseRate: { p: number | null; ci95: Interval };
  change: Share;
  attributed: Share;
  progress: { n: number; mean: number | null; ci95: Interval };
  emailPreferred: Share;
}

/**
 * Intl.NumberFormat objects, made once per locale and options: making one is slow (the first one of a page
 * loads the locale's data, a good part of the dashboard's first render), formatting with one is fast.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, style: 'percent' | 'decimal', digits: number): Intl.NumberFormat {
  const key = `${locale}:${style}:${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style, maximumFractionDigits: digits, minimumFractionDigits: style === 'percent' ? 0 : digits });
    numberFormats.set(key, f);
  }
  return f;
}

/** Number formats of one language: percentages without decimals, means with one. */
export function formats(lang: Lang) {
  const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
  const percent = numberFormat(locale, 'percent', 0);
  const pct = (p: number | null | undefined) => (p == null ? '—' : percent.format(p));
  const num = (x: number | null | undefined, digits = 1) => (x == null ? '—' : numberFormat(locale, 'decimal', digits).format(x));
  return {
    pct,
    num,
    ciPct: (ci: Interval | undefined) => (ci ? `${pct(ci[0])} – ${pct(ci[1])}` : '—'),
    ciNum: (ci: Interval | undefined) => (ci ? `${num(ci[0])} – ${num(ci[1])}` : '—'),
    /** A label in the page's language; French falls back to English when untranslated. */
    text: (l: LocalisedText | Label | undefined, fallback: string) => (l ? (lang === 'fr' ? l.fr || l.en : l.en) : fallback),
  };
}
export type Formats = ReturnType<typeof formats>;

/** Accent- and case-insensitive form of a text, for searching. */
export function folded(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
