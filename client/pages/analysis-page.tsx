/**
 * The analysis pages of one survey year, for the ICC Unit and analysts: headline indicators (Rec 19, 17, 11,
 * response rate), a page per section and per question, the text answers (searchable, by policy area), and
 * lines across years. Filters (network, country, size, submitted only) apply to every view.
 * Loaded lazily, with chart.js: no other page pays for it. Every figure shows n, and shares their 95% interval.
 */
// The Unit's and analysts' strings (client/i18n-pages.ts) are loaded with the pages that use them.
import '../i18n-pages';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../api';
import { fetchOnce } from '../prefetch';
import { translate, type Lang, type MessageKey } from '../i18n';
import { Figure, type FigureTable, type Interval } from './analysis/figure';
import { formats, type Analysis, type AnalysisHeadlines, type Share } from './analysis/model';
import { TextsView, type ViewContext } from './analysis/question-view';
import { QuestionView, SectionsView } from './analysis/sections-view';
import { TrendView } from './analysis/trend-view';
import { SignOutButton, useMe } from './home-page';
import { Layout } from './layout';
import './analysis-page.css';

type FilterKey = 'network' | 'country' | 'size';
type View = 'headlines' | 'sections' | 'question' | 'texts' | 'years';
const VIEWS: View[] = ['headlines', 'sections', 'texts', 'years'];
/** The figures the headlines view shows: in the headline part of the analysis and in the whole analysis. */
type HeadlineFigures = Omit<AnalysisHeadlines, 'part'>;

function viewOf(search: URLSearchParams): View {
  const requested = search.get('view') as View | null;
  return requested && (VIEWS.includes(requested) || requested === 'question') ? requested : 'headlines';
}

/** Resolves once the browser has painted (or after 100 ms, in a hidden tab where frames do not run). */
const afterPaint = () =>
  new Promise<void>((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });

/** The view and its argument live in the query string, so every page can be linked and the back button works. */
function useSearch(): [URLSearchParams, (href: string) => void] {
  const [search, setSearch] = useState(window.location.search);
  useEffect(() => {
    const on = () => setSearch(window.location.search);
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  const go = useCallback((href: string) => {
    window.history.pushState(null, '', href);
    setSearch(window.location.search);
    window.scrollTo(0, 0);
  }, []);
  return [useMemo(() => new URLSearchParams(search), [search]), go];
}

export default function AnalysisPage({ surveyId, lang, setLang }: { surveyId: number; lang: Lang; setLang: (l: Lang) => void }) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const [me, setMe] = useMe();
  const [search, go] = useSearch();
  // The headline part first (on a first visit of the headlines), then the whole analysis.
  const [data, setData] = useState<Analysis | AnalysisHeadlines>();
  const full = data && !('part' in data) ? data : undefined;
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [filters, setFilters] = useState<Record<FilterKey, string>>({ network: '', country: '', size: '' });
  const [submittedOnly, setSubmittedOnly] = useState(false);
  const query = useMemo(() => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
    if (submittedOnly) q.set('submittedOnly', '1');
    return q.toString();
  }, [filters, submittedOnly]);

  // The error message is translated with the current language, but switching language must not recompute the
  // analysis: the effect reads `t` through a ref instead of depending on it.
  const tRef = useRef(t);
  tRef.current = t;
  // Not gated on the session: a signed-out visitor gets 401 and is sent to sign in; the first request was
  // started at boot (client/main.tsx, and by the server's preload hint) in parallel with this page's code. On the
  // first visit of the headlines, that is their part (a few KB), shown first; the whole analysis (half a
  // megabyte, for the other views) is requested once they are painted.
  const firstLoad = useRef(true);
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setLoading(true);
    const headlinesFirst = firstLoad.current && !query && viewOf(new URLSearchParams(window.location.search)) === 'headlines';
    firstLoad.current = false;
    const first = headlinesFirst
      ? fetchOnce<AnalysisHeadlines>(`/api/surveys/${surveyId}/analysis?part=headlines`, { signal }).then((h) => {
          setData((d) => d ?? h);
          setError(undefined);
          return afterPaint();
        })
      : Promise.resolve();
    first
      .then(() => {
        if (signal.aborted) throw new DOMException('Aborted', 'AbortError');
        return fetchOnce<Analysis>(`/api/surveys/${surveyId}/analysis${query ? `?${query}` : ''}`, { signal });
      })
      .then((d) => {
        setData(d);
        setError(undefined);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if ((err as Error).name === 'AbortError') return;
        if (err instanceof ApiError && err.status === 401) {
          window.location.assign('/');
          return;
        }
        setError(err instanceof ApiError ? err.message : tRef.current('networkError'));
        setLoading(false);
      });
    return () => controller.abort();
  }, [surveyId, query]);

  const f = useMemo(() => formats(lang), [lang]);
  const ctx = useMemo<ViewContext | undefined>(
    () => full && { a: full, t, f, go, questionHref: (code) => `?view=question&code=${encodeURIComponent(code)}` },
    [full, t, f, go],
  );

  if (me === null) {
    window.location.assign('/');
    return null;
  }
  const view = viewOf(search);
  const sectionHref = (name: string) => `?view=sections&section=${encodeURIComponent(name)}`;
  const viewHref = (v: View) => (v === 'headlines' ? window.location.pathname : `?view=${v}`);
  const tabOf: View = view === 'question' ? 'sections' : view;
  const surveyTitle = data && (lang === 'fr' ? data.survey.titleFr : data.survey.title);
  const title = data ? t('analysisTitle', { year: data.survey.year, title: surveyTitle! }) : t('analysis');
  const setFilter = (k: FilterKey, v: string) => setFilters((x) => ({ ...x, [k]: v }));
  const viewLabel: Record<View, MessageKey> = {
    headlines: 'viewHeadlines',
    sections: 'viewSections',
    question: 'viewSections',
    texts: 'viewTexts',
    years: 'viewYears',
  };

  return (
    <Layout lang={lang} setLang={setLang} wide title={title} actions={me && <SignOutButton lang={lang} onDone={() => setMe(null)} />}>
      <p>
        <a href={`/admin/surveys/${surveyId}`}>← {surveyTitle ?? t('backHome')}</a>
      </p>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {data && (
        <>
          <nav aria-label={t('analysisViews')} className="view-tabs">
            <ul>
              {VIEWS.map((v) => (
                <li key={v}>
                  <a
                    href={viewHref(v)}
                    aria-current={tabOf === v ? 'page' : undefined}
                    onClick={(e) => {
                      e.preventDefault();
                      go(viewHref(v));
                    }}
                  >
                    {t(viewLabel[v])}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <form className="filters analysis-filters" aria-label={t('filtersLegend')} onSubmit={(e) => e.preventDefault()}>
            {(
              [
                ['network', 'filterNetwork'],
                ['country', 'filterCountry'],
                ['size', 'filterSize'],
              ] as const
            ).map(([key, msg]) => (
              <label key={key}>
                {t(msg)}{' '}
                <select value={filters[key]} onChange={(e) => setFilter(key, e.target.value)} name={key}>
                  <option value="">{t('allValues')}</option>
                  {data.filterOptions[key].map((v) => (
                    <option key={v} value={v}>
                      {v}
                    </option>
                  ))}
                </select>
              </label>
            ))}
            <label>
              <input type="checkbox" checked={submittedOnly} onChange={(e) => setSubmittedOnly(e.target.checked)} /> {t('submittedOnly')}
            </label>
          </form>
          <Downloads surveyId={surveyId} query={query} t={t} />
          <div aria-live="polite" aria-busy={loading}>
            {data.smallSample && <p className="notice">{t('smallSample', { n: data.n, min: data.minCell })}</p>}
            {view === 'headlines' && <Headlines a={data} t={t} lang={lang} />}
            {view !== 'headlines' && !ctx && <p aria-busy="true">{t('loading')}</p>}
            {view === 'sections' && ctx && <SectionsView ctx={ctx} section={search.get('section')} sectionHref={sectionHref} />}
            {view === 'question' && ctx && <QuestionView ctx={ctx} code={search.get('code') ?? ''} sectionHref={sectionHref} query={query} />}
            {view === 'texts' && ctx && <TextsView ctx={ctx} />}
            {view === 'years' && ctx && <TrendView ctx={ctx} query={query} />}
          </div>
        </>
      )}
      {!data && !error && <p aria-busy="true">{t('loading')}</p>}
    </Layout>
  );
}

/** Links to the server's exports, with the page's filters for the indicator tables. */
function Downloads({ surveyId, query, t }: { surveyId: number; query: string; t: (k: MessageKey, v?: Record<string, string | number>) => string }) {
  const base = `/api/surveys/${surveyId}`;
  return (
    <details className="downloads">
      <summary>{t('exportsTitle')}</summary>
      <ul>
        <li>
          <a href={`${base}/responses.csv?bom=1`} download>
            {t('exportWide')}
          </a>
        </li>
        <li>
          <a href={`${base}/responses-long.csv?bom=1`} download>
            {t('exportLong')}
          </a>
        </li>
        <li>
          <a href={`${base}/codebook.csv?bom=1`} download>
            {t('exportCodebook')}
          </a>
        </li>
        <li>
          <a href={`${base}/good-practices.csv?bom=1`} download>
            {t('exportGoodPractices')}
          </a>
        </li>
        <li>
          <a href={`${base}/indicators/rec19_by_area.csv${query ? `?${query}` : ''}`} download>
            {t('exportIndicators')}
          </a>{' '}
          <span className="muted">{t('exportIndicatorsNote')}</span>
        </li>
      </ul>
    </details>
  );
}

/** The headline indicators and the two headline charts (change by area, channel ranked first). */
function Headlines({ a: data, t, lang }: { a: HeadlineFigures; t: (k: MessageKey, v?: Record<string, string | number>) => string; lang: Lang }) {
  const { pct, num, ciPct, ciNum, text } = formats(lang);
  const minCell = data.minCell;
  const hidden = (s: Share) => s.n < minCell || s.p === null;
  const asPercent = (ci: Interval): Interval => (ci ? [ci[0] * 100, ci[1] * 100] : null);
  const changeRows = data.rec19.areas.map((a) => {
    const s = a.change;
    const at = a.attributedAmongAnswering;
    return {
      label: text(data.labels.areas[a.area], a.area),
      share: hidden(s) ? null : s,
      cells: hidden(s) ? [String(s.n), '—', '—', '—', '—', '—'] : [String(s.n), String(s.k), pct(s.p), ciPct(s.ci95), pct(at.p), ciPct(at.ci95)],
    };
  });
  const changeTable: FigureTable = {
    caption: t('chartChangeTitle'),
    head: [t('colArea'), 'n', t('colCities'), t('colPct'), t('colCi'), t('colAttributedPct'), t('colCi')],
    rows: changeRows,
  };
  const channelRows = data.rec11.channels.map((c) => {
    const s = c.rankedFirst;
    return {
      label: text(data.labels.channels[c.value], c.value),
      share: hidden(s) ? null : s,
      cells: hidden(s) ? [String(s.n), '—', '—', '—'] : [String(s.n), String(s.k), pct(s.p), ciPct(s.ci95)],
    };
  });
  const channelTable: FigureTable = { caption: t('chartChannelsTitle'), head: [t('colChannel'), 'n', t('colCities'), t('colPct'), t('colCi')], rows: channelRows };
  const bars = (rows: typeof changeRows) =>
    rows.filter((r) => r.share).map((r) => ({ label: r.label, value: r.share!.p! * 100, ci: asPercent(r.share!.ci95) }));
  const maxN = (rows: typeof changeRows) => Math.max(0, ...rows.map((r) => Number(r.cells[0]) || 0));
  const rate = data.responseRates.overall;
  const panel = data.rec17.change?.overall.panel;
  return (
    <>
      <h2>{t('headlines', { year: data.survey.year })}</h2>
      <dl className="headlines">
        <Headline
          id="response-rate"
          term={t('responseRate')}
          value={pct(rate.p)}
          detail={[t('ofCities', { n: rate.responded ?? data.n, N: rate.invited ?? '—' }), ciText(t, rate.ci95 ?? null, pct)]}
        />
        <ShareHeadline id="rec19-change" term={t('rec19Change')} s={data.rec19.overall.change} t={t} pct={pct} />
        <ShareHeadline id="rec19-attributed" term={t('rec19Attributed')} s={data.rec19.overall.attributedAmongAnswering} t={t} pct={pct} />
        <Headline
          id="rec17-score"
          term={t('rec17Score')}
          value={num(data.rec17.overall.mean)}
          detail={[
            t('nIs', { n: data.rec17.overall.n }),
            data.rec17.overall.ci95 ? `${t('colCi')} ${ciNum(data.rec17.overall.ci95)}` : '',
            panel ? `${t('panelChange', { d: num(panel.meanChange), n: panel.n })}${panel.ci95 ? ` (${t('colCi')} ${ciNum(panel.ci95)})` : ''}` : t('noPanel'),
          ]}
        />
        <ShareHeadline id="rec11-email" term={t('rec11Email')} s={data.rec11.emailPreferred} t={t} pct={pct} />
        <Headline
          id="rec11-preferred"
          text
          term={t('preferredChannel')}
          value={data.rec11.preferred ? text(data.labels.channels[data.rec11.preferred.value], data.rec11.preferred.value) : '—'}
          detail={data.rec11.preferred ? [`${pct(data.rec11.preferred.share.p)} · ${t('nIs', { n: data.rec11.preferred.share.n })}`] : []}
        />
        <Headline
          id="rec11-least"
          text
          term={t('leastChannel')}
          value={data.rec11.leastFavourite ? text(data.labels.channels[data.rec11.leastFavourite.value], data.rec11.leastFavourite.value) : '—'}
          detail={data.rec11.leastFavourite ? [`${pct(data.rec11.leastFavourite.share.p)} · ${t('nIs', { n: data.rec11.leastFavourite.share.n })}`] : []}
        />
      </dl>
      <Figure
        id="change-by-area"
        table={changeTable}
        chart={{ kind: 'bars', bars: bars(changeRows) }}
        n={maxN(changeRows)}
        note={t('whiskerNote')}
        suppressed={changeRows.some((r) => !r.share)}
        t={t}
        year={data.survey.year}
        minCell={minCell}
      />
      <Figure
        id="channels-first"
        table={channelTable}
        chart={{ kind: 'bars', bars: bars(channelRows) }}
        n={maxN(channelRows)}
        note={t('whiskerNote')}
        suppressed={channelRows.some((r) => !r.share)}
        t={t}
        year={data.survey.year}
        minCell={minCell}
      />
    </>
  );
}

function ciText(t: (k: MessageKey, v?: Record<string, string | number>) => string, ci: Interval, pct: (p: number | null) => string) {
  return ci ? t('ciRange', { lo: pct(ci[0]), hi: pct(ci[1]) }) : '';
}

function Headline({ id, term, value, detail, text = false }: { id: string; term: string; value: string; detail: string[]; text?: boolean }) {
  return (
    <div className="headline" data-figure={id}>
      <dt>{term}</dt>
      <dd className={text ? 'headline-value headline-text' : 'headline-value'}>{value}</dd>
      {detail
        .filter((d) => d !== '')
        .map((d) => (
          <dd key={d} className="headline-detail">
            {d}
          </dd>
        ))}
    </div>
  );
}

function ShareHeadline({
  id,
  term,
  s,
  t,
  pct,
}: {
  id: string;
  term: string;
  s: Share;
  t: (k: MessageKey, v?: Record<string, string | number>) => string;
  pct: (p: number | null) => string;
}) {
  return <Headline id={id} term={term} value={pct(s.p)} detail={[t('ofCities', { n: s.k, N: s.n }), ciText(t, s.ci95, pct)]} />;
}

