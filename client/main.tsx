import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { prefetchRespond } from './respond/prefetch';
import './styles.css';

// On a coordinator's link, start fetching the answers and the survey code at once, before React renders.
const respondMatch = /^\/r\/([^/]+)\/?$/.exec(window.location.pathname);
if (respondMatch) {
  prefetchRespond(decodeURIComponent(respondMatch[1]!));
  void import('./pages/respond-page');
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
