/**
 * Per-question figures, by question family: shares with intervals (single and multiple choice, 'other' and
 * don't-know kept apart at the end), 100% stacked bars for rating scales and matrices (Likert), rank summaries
 * (ranking), statistics (numbers), and the text answers with their city. Any item answered by fewer than
 * `minCell` cities shows n only.
 */
import { useMemo, useState } from 'react';
import { DONT_KNOW_COLOUR, Figure, OKABE_ITO, divergingColours, downloadText, tableCsv, type ChartSpec, type FigureTable, type T } from './figure';
import {
  folded,
  isChoice,
  isNumeric,
  isRanking,
  isText,
  type Analysis,
  type CatalogueCell,
  type CatalogueOption,
  type CatalogueQuestion,
  type Formats,
  type TextEntry,
} from './model';

export interface ViewContext {
  a: Analysis;
  t: T;
  f: Formats;
  /** Link to a question's own page. */
  questionHref: (code: string) => string;
  go: (href: string) => void;
}

const DASH = '—';

/** Substantive answers first, then 'other', then don't know (kept apart, as the analysis module does). */
function orderedKeys(q: CatalogueQuestion, counts: Record<string, number>): string[] {
  const declared = q.options.map((o) => o.key);
  const extra = Object.keys(counts).filter((k) => !declared.includes(k));
  const rank = (k: string) => {
    const kind = q.options.find((o) => o.key === k)?.kind ?? 'substantive';
    return kind === 'substantive' ? 0 : kind === 'other' ? 1 : 2;
  };
  return [...declared, ...extra].map((k, i) => [k, i] as const).sort((x, y) => rank(x[0]) - rank(y[0]) || x[1] - y[1]).map(([k]) => k);
}

function optionLabel(ctx: ViewContext, q: CatalogueQuestion, key: string): string {
  const o = q.options.find((x) => x.key === key);
  return o ? ctx.f.text(o.text, key) : key;
}

/** Colours of a scale's options: ordered (diverging) for scored or numeric options, grey for don't know. */
function scaleColours(options: CatalogueOption[]): string[] {
  const ordered = options.filter((o) => o.kind !== 'dontknow');
  const palette = ordered.length <= 7 ? divergingColours(ordered.length) : ordered.map((_, i) => OKABE_ITO[i % OKABE_ITO.length]!);
  let i = 0;
  return options.map((o) => (o.kind === 'dontknow' ? DONT_KNOW_COLOUR : palette[i++]!));
}

export interface FigureProps {
  id: string;
  table: FigureTable;
  chart: ChartSpec | null;
  n: number | null;
  note?: string;
  suppressed: boolean;
}

/** The figure of one question, or null for questions with nothing to chart (text: see TextAnswers). */
export function questionFigure(ctx: ViewContext, q: CatalogueQuestion): FigureProps | null {
  const { a, t, f } = ctx;
  const min = a.minCell;
  const title = f.text(q.title, q.code);
  const s = a.questions[q.code];
  if (q.shape === 'matrix') return matrixFigure(ctx, q);
  if (isChoice(s)) {
    const hide = s.n < min;
    const keys = orderedKeys(q, s.counts);
    const rows = keys.map((k) => {
      const share = s.shares[k];
      return {
        label: optionLabel(ctx, q, k),
        cells: hide ? [DASH, DASH, DASH] : [String(s.counts[k] ?? 0), f.pct(share?.p), f.ciPct(share?.ci95)],
        share,
      };
    });
    return {
      id: `q-${q.code}`,
      table: { caption: title, head: [t('colAnswer'), t('colCities'), t('colPct'), t('colCi')], rows },
      chart: hide
        ? null
        : { kind: 'bars', bars: rows.map((r) => ({ label: r.label, value: (r.share?.p ?? 0) * 100, ci: r.share ? [r.share.ci95[0] * 100, r.share.ci95[1] * 100] : null })) },
      n: s.n,
      note: q.shape === 'multiple' ? t('severalAnswers') : t('whiskerNote'),
      suppressed: hide,
    };
  }
  if (isNumeric(s)) {
    const hide = s.n < min;
    const meanNote = hide ? '' : t('meanNote', { mean: f.num(s.mean), ci: f.ciNum(s.ci95) });
    if (q.options.length > 0) {
      // A rating scale: one 100% stacked bar, and the distribution in the table.
      const colours = scaleColours(q.options);
      const rows = q.options.map((o) => {
        const k = s.distribution[o.key] ?? 0;
        return { label: f.text(o.text, o.key), cells: hide ? [DASH, DASH] : [String(k), f.pct(s.n ? k / s.n : null)] };
      });
      return {
        id: `q-${q.code}`,
        table: { caption: title, head: [t('colAnswer'), t('colCities'), t('colPct')], rows },
        chart: hide
          ? null
          : {
              kind: 'stacked',
              categories: q.options.map((o, i) => ({ label: f.text(o.text, o.key), colour: colours[i]! })),
              rows: [{ label: t('allCities'), values: q.options.map((o) => (s.n ? ((s.distribution[o.key] ?? 0) / s.n) * 100 : 0)) }],
            },
        n: s.n,
        note: meanNote,
        suppressed: hide,
      };
    }
    const stat = (label: string, value: string) => ({ label, cells: [hide ? DASH : value] });
    return {
      id: `q-${q.code}`,
      table: {
        caption: title,
        head: [t('colStatistic'), t('colValue')],
        rows: [
          stat(t('statMean'), f.num(s.mean)),
          stat(t('colCi'), f.ciNum(s.ci95)),
          stat(t('statMedian'), f.num(s.median)),
          stat(t('statQuartiles'), `${f.num(s.q1)} – ${f.num(s.q3)}`),
          stat(t('statRange'), `${f.num(s.min)} – ${f.num(s.max)}`),
        ],
      },
      chart: null,
      n: s.n,
      suppressed: hide,
    };
  }
  if (isRanking(s)) {
    const hide = s.n < min;
    const keys = q.options.map((o) => o.key).filter((k) => s.rankedCount[k] !== undefined);
    const rows = keys.map((k) => {
      const first = s.rankedFirst[k]!;
      const last = s.rankedLast[k];
      return {
        label: optionLabel(ctx, q, k),
        cells: hide ? [DASH, DASH, DASH, DASH, DASH] : [f.num(s.meanRank[k]), String(first.k), f.pct(first.p), f.ciPct(first.ci95), f.pct(last?.p)],
        first,
      };
    });
    return {
      id: `q-${q.code}`,
      table: { caption: title, head: [t('colAnswer'), t('colMeanRank'), t('colFirstK'), t('colFirstPct'), t('colCi'), t('colLastPct')], rows },
      chart: hide
        ? null
        : { kind: 'bars', bars: rows.map((r) => ({ label: r.label, value: (r.first.p ?? 0) * 100, ci: r.first.ci95 ? [r.first.ci95[0] * 100, r.first.ci95[1] * 100] : null })) },
      n: s.n,
      note: t('rankingNote', { complete: s.nComplete }),
      suppressed: hide,
    };
  }
  return null;
}

/** A single-choice matrix: one 100% stacked bar per row (Likert), the percentages in the table. */
function matrixFigure(ctx: ViewContext, q: CatalogueQuestion): FigureProps {
  const { a, t, f } = ctx;
  const colours = scaleColours(q.options);
  let suppressed = false;
  let nMax = 0;
  const rows = q.rows.map((row) => {
    const s = a.questions[`${q.code}.${row.key}`];
    const n = s?.n ?? 0;
    nMax = Math.max(nMax, n);
    const hide = !isChoice(s) || n < a.minCell;
    if (hide) suppressed = true;
    const values = q.options.map((o) => (!hide && isChoice(s) && n ? ((s.counts[o.key] ?? 0) / n) * 100 : 0));
    return {
      label: f.text(row.text, row.key),
      cells: [String(n), ...(hide ? q.options.map(() => DASH) : values.map((v) => f.pct(v / 100)))],
      values,
      hide,
    };
  });
  const shown = rows.filter((r) => !r.hide);
  return {
    id: `q-${q.code}`,
    table: {
      caption: f.text(q.title, q.code),
      head: [t('colRow'), 'n', ...q.options.map((o) => `${f.text(o.text, o.key)} (%)`)],
      rows: rows.map(({ label, cells }) => ({ label, cells })),
    },
    chart:
      shown.length === 0
        ? null
        : {
            kind: 'stacked',
            categories: q.options.map((o, i) => ({ label: f.text(o.text, o.key), colour: colours[i]! })),
            rows: shown.map((r) => ({ label: r.label, values: r.values })),
          },
    n: nMax,
    note: t('stackedNote'),
    suppressed,
  };
}

/**
 * Rating questions of one section that share a scale, compared in one stacked figure (e.g. how much each
 * area's change owes to ICC). Rows are labelled by policy area when the titles repeat.
 */
export function likertGroups(ctx: ViewContext, questions: CatalogueQuestion[]): FigureProps[] {
  const { a, t, f } = ctx;
  const groups = new Map<string, CatalogueQuestion[]>();
  for (const q of questions) {
    if (q.type !== 'rating' || q.options.length === 0 || !isNumeric(a.questions[q.code])) continue;
    const key = q.options.map((o) => o.key).join('|');
    groups.set(key, [...(groups.get(key) ?? []), q]);
  }
  const out: FigureProps[] = [];
  for (const qs of groups.values()) {
    if (qs.length < 2) continue;
    const titles = qs.map((q) => f.text(q.title, q.code));
    const repeat = new Set(titles).size < titles.length;
    const options = qs[0]!.options;
    const colours = scaleColours(options);
    let suppressed = false;
    const rows = qs.map((q, i) => {
      const s = a.questions[q.code];
      const n = s?.n ?? 0;
      const hide = !isNumeric(s) || n < a.minCell;
      if (hide) suppressed = true;
      const values = options.map((o) => (!hide && isNumeric(s) && n ? ((s.distribution[o.key] ?? 0) / n) * 100 : 0));
      const label = repeat && q.policyArea ? f.text(a.labels.areas[q.policyArea], q.policyArea) : titles[i]!;
      return {
        label,
        cells: [String(n), ...(hide ? options.map(() => DASH) : values.map((v) => f.pct(v / 100))), hide || !isNumeric(s) ? DASH : f.num(s.mean)],
        values,
        hide,
      };
    });
    const shown = rows.filter((r) => !r.hide);
    out.push({
      id: `likert-${qs[0]!.code}`,
      table: {
        caption: t('likertGroupTitle', { title: titles[0]! }),
        head: [repeat ? t('colArea') : t('colQuestion'), 'n', ...options.map((o) => `${f.text(o.text, o.key)} (%)`), t('statMean')],
        rows: rows.map(({ label, cells }) => ({ label, cells })),
      },
      chart:
        shown.length === 0
          ? null
          : {
              kind: 'stacked',
              categories: options.map((o, i) => ({ label: f.text(o.text, o.key), colour: colours[i]! })),
              rows: shown.map((r) => ({ label: r.label, values: r.values })),
            },
      n: Math.max(0, ...rows.map((r) => Number(r.cells[0]))),
      note: t('stackedNote'),
      suppressed,
    });
  }
  return out;
}

/**
 * A cell of a structured question (matrixdropdown row × column, multipletext item) seen as a question of its own
 * shape: the analysis summarises it under `"<code>.<key>"` exactly as such a question, so the same figures,
 * tables and text lists apply.
 */
export function cellQuestion(q: CatalogueQuestion, cell: CatalogueCell): CatalogueQuestion {
  return {
    code: `${q.code}.${cell.key}`,
    type: cell.type,
    shape: cell.shape,
    indicator: null,
    policyArea: cell.policyArea ?? q.policyArea,
    title: cell.title,
    options: cell.options,
    rows: [],
    commentKey: null,
    section: q.section,
    cells: null,
  };
}

/** The cells of a structured question as questions of their own (none for other questions). */
export function cellQuestions(q: CatalogueQuestion): CatalogueQuestion[] {
  return q.shape === 'structured' && q.cells ? q.cells.map((cell) => cellQuestion(q, cell)) : [];
}

/** Texts of a question: its own text answers, or the 'other' / comment texts of a choice question. */
export function textsOf(ctx: ViewContext, q: CatalogueQuestion): TextEntry[] {
  const own = ctx.a.questions[q.code];
  const texts: TextEntry[] = [];
  if (isText(own)) texts.push(...own.texts);
  else if (own && 'comments' in own && Array.isArray(own.comments)) texts.push(...own.comments);
  if (q.commentKey && q.shape === 'matrix') {
    const c = ctx.a.questions[q.commentKey];
    if (isText(c)) texts.push(...c.texts);
  }
  return texts;
}

/** Text answers with their city, searchable; the first `limit` shown, with a button for the rest. */
export function TextAnswers({ ctx, entries, caption, id, limit = 5 }: { ctx: ViewContext; entries: TextEntry[]; caption: string; id: string; limit?: number }) {
  const { t } = ctx;
  const [query, setQuery] = useState('');
  const [all, setAll] = useState(false);
  const shown = useMemo(() => {
    const needle = folded(query.trim());
    return needle ? entries.filter((e) => folded(`${e.text} ${ctx.a.cityNames[e.city] ?? e.city}`).includes(needle)) : entries;
  }, [entries, query, ctx.a.cityNames]);
  const visible = all ? shown : shown.slice(0, limit);
  if (entries.length === 0) return <p className="muted">{t('noTexts')}</p>;
  return (
    <div className="texts" data-texts={id}>
      {entries.length > limit && (
        <label className="text-search">
          {t('searchTexts')} <span className="visually-hidden">· {caption}</span>{' '}
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
      )}
      <p className="muted" aria-live="polite">
        {t('textsShown', { shown: shown.length, total: entries.length })}
      </p>
      <ul className="text-list">
        {visible.map((e, i) => (
          <li key={`${e.city}-${i}`}>
            <blockquote>{e.text}</blockquote>
            <span className="text-city">{ctx.a.cityNames[e.city] ?? e.city}</span>
          </li>
        ))}
      </ul>
      {!all && shown.length > limit && (
        <button type="button" onClick={() => setAll(true)}>
          {t('showAllTexts', { n: shown.length })}
          <span className="visually-hidden"> · {caption}</span>
        </button>
      )}
    </div>
  );
}

/** All text answers of the survey, searchable and filterable by policy area and question (for the June report). */
export function TextsView({ ctx }: { ctx: ViewContext }) {
  const { a, t, f } = ctx;
  const [query, setQuery] = useState('');
  const [area, setArea] = useState('');
  const [code, setCode] = useState('');
  const [limit, setLimit] = useState(PAGE_OF_TEXTS);
  const all = useMemo(
    () =>
      a.catalogue.questions.flatMap((parent) =>
        // A structured question's text cells are listed as items of their own, "<question> · <cell>", linked to the question.
        [parent, ...cellQuestions(parent).map((c) => ({ ...c, title: cellTextsTitle(parent, c) }))].flatMap((q) =>
          textsOf(ctx, q).map((e) => ({ ...e, q, href: parent.code, area: q.policyArea ?? '', cityName: a.cityNames[e.city] ?? e.city })),
        ),
      ),
    [a, ctx],
  );
  const areas = [...new Set(all.map((e) => e.area).filter((x) => x !== ''))];
  const questions = [...new Map(all.map((e) => [e.q.code, e.q])).values()];
  const needle = folded(query.trim());
  const shown = all.filter(
    (e) => (!area || e.area === area) && (!code || e.q.code === code) && (!needle || folded(`${e.text} ${e.cityName}`).includes(needle)),
  );
  const table: FigureTable = {
    caption: t('textsTitle'),
    head: [t('colCity'), t('colQuestion'), t('colArea'), t('colText')],
    rows: shown.map((e) => ({ label: e.cityName, cells: [f.text(e.q.title, e.q.code), e.area ? f.text(a.labels.areas[e.area], e.area) : '', e.text] })),
  };
  return (
    <section aria-labelledby="texts-title" data-figure="texts">
      <h2 id="texts-title">{t('textsTitle')}</h2>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('searchTexts')} <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} name="q" />
        </label>
        <label>
          {t('colArea')}{' '}
          <select value={area} onChange={(e) => setArea(e.target.value)} name="area">
            <option value="">{t('allValues')}</option>
            {areas.map((x) => (
              <option key={x} value={x}>
                {f.text(a.labels.areas[x], x)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('colQuestion')}{' '}
          <select value={code} onChange={(e) => setCode(e.target.value)} name="question">
            <option value="">{t('allValues')}</option>
            {questions.map((q) => (
              <option key={q.code} value={q.code}>
                {q.code} · {shorten(f.text(q.title, q.code), 60)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <p className="muted" aria-live="polite">
        {t('textsShown', { shown: shown.length, total: all.length })}
      </p>
      <div className="toolbar">
        <button type="button" onClick={() => downloadText(tableCsv(table), `icc-${a.survey.year}-texts.csv`)}>
          {t('downloadTableCsv')}
          <span className="visually-hidden"> · {t('textsTitle')}</span>
        </button>
      </div>
      <ul className="text-list">
        {shown.slice(0, limit).map((e, i) => (
          <li key={`${e.q.code}-${e.city}-${i}`}>
            <blockquote>{e.text}</blockquote>
            <span className="text-city">
              {e.cityName} · {e.area ? `${f.text(a.labels.areas[e.area], e.area)} · ` : ''}
              <a
                href={ctx.questionHref(e.href)}
                onClick={(ev) => {
                  ev.preventDefault();
                  ctx.go(ctx.questionHref(e.href));
                }}
              >
                {e.q.code}
              </a>
            </span>
          </li>
        ))}
      </ul>
      {shown.length > limit && (
        <button type="button" onClick={() => setLimit((l) => l + PAGE_OF_TEXTS)}>
          {t('showMoreTexts', { n: Math.min(PAGE_OF_TEXTS, shown.length - limit) })}
        </button>
      )}
    </section>
  );
}

/** "<question> · <cell>" in both languages, for a cell's texts listed among all the survey's texts. */
function cellTextsTitle(parent: CatalogueQuestion, cell: CatalogueQuestion) {
  const en = `${parent.title.en} · ${cell.title.en}`;
  const fr = parent.title.fr || cell.title.fr ? `${parent.title.fr || parent.title.en} · ${cell.title.fr || cell.title.en}` : null;
  return { en, fr };
}

const PAGE_OF_TEXTS = 100;
const shorten = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
