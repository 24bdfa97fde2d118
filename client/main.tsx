import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AnalysisPage, App, BuilderPage, RespondPage, SummaryPage } from './app';
import { prefetch } from './prefetch';
import { prefetchRespond } from './respond/prefetch';
import './styles.css';

// On a coordinator's link, start fetching the answers and the survey code at once, before React renders.
const respondMatch = /^\/r\/([^/]+)\/?$/.exec(window.location.pathname);
if (respondMatch) {
  prefetchRespond(decodeURIComponent(respondMatch[1]!));
  void RespondPage.preload();
}

// On the analysis dashboard, the session and the year's analysis are requested while the chart code loads.
const analysisMatch = /^\/analysis\/surveys\/(\d+)\/?$/.exec(window.location.pathname);
if (analysisMatch) {
  prefetch('/api/session');
  // The headlines view asks for the headline part first (a few KB; the rest follows once they are shown): the
  // same URL as the page's first request and the server's preload hint (server/http/page-hints.ts).
  const view = new URLSearchParams(window.location.search).get('view');
  prefetch(`/api/surveys/${analysisMatch[1]}/analysis${view === null || view === 'headlines' ? '?part=headlines' : ''}`);
  void AnalysisPage.preload();
}

// In the questionnaire builder, the session and the draft are requested while the builder's code loads.
const builderMatch = /^\/admin\/surveys\/(\d+)\/builder\/?$/.exec(window.location.pathname);
if (builderMatch) {
  prefetch('/api/session');
  prefetch(`/api/surveys/${builderMatch[1]}/draft`);
  void BuilderPage.preload();
}

// On a public summary, its figures are requested while the page's code loads (no session needed).
const summaryMatch = /^\/summary\/(\d{4})\/?$/.exec(window.location.pathname);
if (summaryMatch) {
  prefetch(`/api/public/summaries/${summaryMatch[1]}`);
  void SummaryPage.preload();
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
