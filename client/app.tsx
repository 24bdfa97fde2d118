import { useEffect, useState } from 'react';
import { lazyComponent } from './lazy-component';
import { initialLang, rememberLang, translate, type Lang } from './i18n';
import { HomePage } from './pages/home-page';
import { Layout } from './pages/layout';

// survey-core and survey-react-ui are only loaded on the pages that render a survey.
export const RespondPage = lazyComponent(() => import('./pages/respond-page'));
const SurveyAdminPage = lazyComponent(() => import('./pages/survey-admin-page'));
// The questionnaire builder (with survey-core for its preview) is loaded only on its route.
export const BuilderPage = lazyComponent(() => import('./pages/builder-page'));
// chart.js is only loaded with the analysis page.
export const AnalysisPage = lazyComponent(() => import('./pages/analysis-page'));
const RosterPage = lazyComponent(() => import('./pages/roster-page'));
const AccountsPage = lazyComponent(() => import('./pages/accounts-page'));
// A city's feedback report: tables only, its own chunk (the respondent page does not load it).
const ReportPage = lazyComponent(() => import('./pages/report-page'));
// The public summary of a year: tables first, its charts imported by the page once it is shown.
export const SummaryPage = lazyComponent(() => import('./pages/summary-page'));
// Peer pairing review for the ICC Unit (Rec 13).
const PairingPage = lazyComponent(() => import('./pages/pairing-page'));

/** A minimal router: the few routes do not justify a routing library. */
export function navigate(path: string) {
  window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const on = () => setPath(window.location.pathname);
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return path;
}

export function App() {
  const path = usePath();
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => rememberLang(lang), [lang]);
  const setLang = (l: Lang) => setLangState(l);
  const fallback = (
    <Layout lang={lang} setLang={setLang} title={translate(lang, 'appName')}>
      <p aria-busy="true">{translate(lang, 'loading')}</p>
    </Layout>
  );
  const failed = (
    <Layout lang={lang} setLang={setLang} title={translate(lang, 'appName')}>
      <p className="notice notice-error" role="alert">
        {translate(lang, 'pageLoadFailed')}
      </p>
      <p>
        <button type="button" onClick={() => window.location.reload()}>
          {translate(lang, 'reloadPage')}
        </button>
      </p>
    </Layout>
  );
  const loading = { fallback, failed };

  const respond = /^\/r\/([^/]+)\/?$/.exec(path);
  if (respond) {
    return (
      <RespondPage token={decodeURIComponent(respond[1]!)} lang={lang} setLang={setLang} {...loading} />
    );
  }
  const cityReport = /^\/r\/([^/]+)\/report\/?$/.exec(path);
  const unitReport = /^\/reports\/surveys\/(\d+)\/cities\/(\d+)\/?$/.exec(path);
  if (cityReport || unitReport) {
    const door = cityReport
      ? { kind: 'city' as const, token: decodeURIComponent(cityReport[1]!) }
      : { kind: 'unit' as const, surveyId: Number(unitReport![1]), cityId: Number(unitReport![2]) };
    return (
      <ReportPage door={door} lang={lang} setLang={setLang} {...loading} />
    );
  }
  const summary = /^\/summary(?:\/(\d{4}))?\/?$/.exec(path);
  if (summary) {
    return (
      <SummaryPage year={summary[1] ? Number(summary[1]) : null} lang={lang} setLang={setLang} {...loading} />
    );
  }
  const builder = /^\/admin\/surveys\/(\d+)\/builder\/?$/.exec(path);
  if (builder) {
    return (
      <BuilderPage surveyId={Number(builder[1])} lang={lang} setLang={setLang} {...loading} />
    );
  }
  const pairing = /^\/admin\/surveys\/(\d+)\/pairing\/?$/.exec(path);
  if (pairing) {
    return (
      <PairingPage surveyId={Number(pairing[1])} lang={lang} setLang={setLang} {...loading} />
    );
  }
  const admin = /^\/admin\/surveys\/(\d+)\/?$/.exec(path);
  if (admin) {
    return (
      <SurveyAdminPage surveyId={Number(admin[1])} lang={lang} setLang={setLang} {...loading} />
    );
  }
  const analysis = /^\/analysis\/surveys\/(\d+)\/?$/.exec(path);
  if (analysis) {
    return (
      <AnalysisPage surveyId={Number(analysis[1])} lang={lang} setLang={setLang} {...loading} />
    );
  }
  if (/^\/admin\/roster\/?$/.test(path)) {
    return (
      <RosterPage lang={lang} setLang={setLang} {...loading} />
    );
  }
  if (/^\/admin\/accounts\/?$/.test(path)) {
    return (
      <AccountsPage lang={lang} setLang={setLang} {...loading} />
    );
  }
  if (path === '/' || path === '') return <HomePage lang={lang} setLang={setLang} />;
  return (
    <Layout lang={lang} setLang={setLang} title={translate(lang, 'notFoundTitle')}>
      <p>
        <a href="/">{translate(lang, 'backHome')}</a>
      </p>
    </Layout>
  );
}
