import { Suspense, lazy, useEffect, useState } from 'react';
import { initialLang, rememberLang, translate, type Lang } from './i18n';
import { HomePage } from './pages/home-page';
import { Layout } from './pages/layout';

// survey-core and survey-react-ui are only loaded on the pages that render a survey.
const RespondPage = lazy(() => import('./pages/respond-page'));
const SurveyAdminPage = lazy(() => import('./pages/survey-admin-page'));
// The questionnaire builder (with survey-core for its preview) is loaded only on its route.
const BuilderPage = lazy(() => import('./pages/builder-page'));
// chart.js is only loaded with the analysis page.
const AnalysisPage = lazy(() => import('./pages/analysis-page'));
const RosterPage = lazy(() => import('./pages/roster-page'));
const AccountsPage = lazy(() => import('./pages/accounts-page'));
// A city's feedback report: tables only, its own chunk (the respondent page does not load it).
const ReportPage = lazy(() => import('./pages/report-page'));
// The public summary of a year: tables first, its charts imported by the page once it is shown.
const SummaryPage = lazy(() => import('./pages/summary-page'));
// Peer pairing review for the ICC Unit (Rec 13).
const PairingPage = lazy(() => import('./pages/pairing-page'));

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

  const respond = /^\/r\/([^/]+)\/?$/.exec(path);
  if (respond) {
    return (
      <Suspense fallback={fallback}>
        <RespondPage token={decodeURIComponent(respond[1]!)} lang={lang} setLang={setLang} />
      </Suspense>
    );
  }
  const cityReport = /^\/r\/([^/]+)\/report\/?$/.exec(path);
  const unitReport = /^\/reports\/surveys\/(\d+)\/cities\/(\d+)\/?$/.exec(path);
  if (cityReport || unitReport) {
    const door = cityReport
      ? { kind: 'city' as const, token: decodeURIComponent(cityReport[1]!) }
      : { kind: 'unit' as const, surveyId: Number(unitReport![1]), cityId: Number(unitReport![2]) };
    return (
      <Suspense fallback={fallback}>
        <ReportPage door={door} lang={lang} setLang={setLang} />
      </Suspense>
    );
  }
  const summary = /^\/summary(?:\/(\d{4}))?\/?$/.exec(path);
  if (summary) {
    return (
      <Suspense fallback={fallback}>
        <SummaryPage year={summary[1] ? Number(summary[1]) : null} lang={lang} setLang={setLang} />
      </Suspense>
    );
  }
  const builder = /^\/admin\/surveys\/(\d+)\/builder\/?$/.exec(path);
  if (builder) {
    return (
      <Suspense fallback={fallback}>
        <BuilderPage surveyId={Number(builder[1])} lang={lang} setLang={setLang} />
      </Suspense>
    );
  }
  const pairing = /^\/admin\/surveys\/(\d+)\/pairing\/?$/.exec(path);
  if (pairing) {
    return (
      <Suspense fallback={fallback}>
        <PairingPage surveyId={Number(pairing[1])} lang={lang} setLang={setLang} />
      </Suspense>
    );
  }
  const admin = /^\/admin\/surveys\/(\d+)\/?$/.exec(path);
  if (admin) {
    return (
      <Suspense fallback={fallback}>
        <SurveyAdminPage surveyId={Number(admin[1])} lang={lang} setLang={setLang} />
      </Suspense>
    );
  }
  const analysis = /^\/analysis\/surveys\/(\d+)\/?$/.exec(path);
  if (analysis) {
    return (
      <Suspense fallback={fallback}>
        <AnalysisPage surveyId={Number(analysis[1])} lang={lang} setLang={setLang} />
      </Suspense>
    );
  }
  if (/^\/admin\/roster\/?$/.test(path)) {
    return (
      <Suspense fallback={fallback}>
        <RosterPage lang={lang} setLang={setLang} />
      </Suspense>
    );
  }
  if (/^\/admin\/accounts\/?$/.test(path)) {
    return (
      <Suspense fallback={fallback}>
        <AccountsPage lang={lang} setLang={setLang} />
      </Suspense>
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
