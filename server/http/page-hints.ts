/**
 * `Link` preload headers sent with the single-page app's shell, so that a page's own code and first API
 * requests start downloading with the HTML instead of after the entry script has run. Three pages, the heavy ones,
 * for the users who may open them:
 * - a coordinator's link `/r/:token` (the first question's time, on a phone or a slow connection): the chunk of
 *   client/pages/respond-page.tsx with survey-core and survey-react-ui, their CSS, and the city's answers
 *   (`GET /api/respond/:token`, the request client/respond/prefetch.ts makes), for anyone holding the link;
 * - the analysis dashboard `/analysis/surveys/:id` (issue 3: its first render), for a signed-in admin or analyst:
 *   the lazy chunk of client/pages/analysis-page.tsx and everything it imports beyond the entry (chart.js
 *   included), its CSS, and the two requests the page makes first (the session, the year's unfiltered analysis
 *   or its headline part);
 * - the questionnaire builder `/admin/surveys/:id/builder` (issue 4: opening a 300-question survey), for a
 *   signed-in admin: client/pages/builder-page.tsx's chunks (survey-core and survey-react-ui, 1.6 MB, are most of
 *   it), its CSS, the session and the survey's draft. `GET /draft` makes the draft version when there is none,
 *   as the page itself does on opening.
 *
 * Each header names the entry's own files first (index.html's script, its static imports, its CSS), then the page's
 * chunks, then its API requests. The HTML names the entry's files too, but only once it is parsed, after the
 * header's hints: Chromium then gave the header's first six requests (HTTP/1.1: six connections to a host) to the
 * lazy chunks and the API, and the entry, which must run before anything else, waited for a free connection (the
 * builder's entry script arrived about 150 ms later than its 1.6 MB survey chunk). The entry's files come first
 * and are small, so the connections they take are soon free again.
 *
 * The chunk names come from Vite's manifest (dist/client/.vite/manifest.json), read again when it changes (the
 * client can be rebuilt under a running server); without a manifest, no header. The API requests are preloaded
 * as `fetch` with `crossorigin` (anonymous, i.e. credentials on the same origin: the session cookie is sent),
 * which is exactly what the page's `fetch` asks for, so the browser hands the preloaded answer to the page.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '../stores/users';

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  isEntry?: boolean;
}
type Manifest = Record<string, ManifestChunk>;

/**
 * A page whose shell gets hints: its path (its one group: a survey id or a link token), its lazy chunk's manifest
 * key (relative to client/), who ('anyone': also without a session), and the requests it makes first.
 */
interface HintedPage {
  path: RegExp;
  chunk: string;
  roles: readonly Role[] | 'anyone';
  requests: (param: string, query: Record<string, unknown>) => string[];
}
const HINTED_PAGES: readonly HintedPage[] = [
  {
    // A coordinator's link: the respondent's page, survey-core and the city's answers, with the HTML. The token
    // is matched in the link's own alphabet (base64url), so nothing else can reach the header.
    path: /^\/r\/([A-Za-z0-9_-]{8,200})\/?$/,
    chunk: 'pages/respond-page.tsx',
    roles: 'anyone',
    requests: (token) => [`/api/respond/${token}`],
  },
  {
    path: /^\/analysis\/surveys\/(\d{1,9})\/?$/,
    chunk: 'pages/analysis-page.tsx',
    roles: ['admin', 'analyst'],
    requests: (id, query) => ['/api/session', analysisFirstRequest(Number(id), query)],
  },
  {
    path: /^\/admin\/surveys\/(\d{1,9})\/builder\/?$/,
    chunk: 'pages/builder-page.tsx',
    roles: ['admin'],
    requests: (id) => ['/api/session', `/api/surveys/${id}/draft`],
  },
];

/** The manifest keys of the entry (index.html's script) and of what it imports statically: the entry first. */
function entryKeys(manifest: Manifest): string[] {
  const keys: string[] = [];
  const walk = (k: string) => {
    const c = manifest[k];
    if (!c || keys.includes(k)) return;
    keys.push(k);
    for (const i of c.imports ?? []) walk(i);
  };
  for (const [k, c] of Object.entries(manifest)) if (c.isEntry) walk(k);
  return keys;
}

/** The entry's own files: its JS (the entry first, then its static imports) and its CSS. */
export function entryFiles(manifest: Manifest): { js: string[]; css: string[] } {
  const js: string[] = [];
  const css: string[] = [];
  for (const k of entryKeys(manifest)) {
    const c = manifest[k]!;
    if (c.file.endsWith('.js')) js.push(c.file);
    for (const f of c.css ?? []) if (!css.includes(f)) css.push(f);
  }
  return { js, css };
}

/** The files a lazy chunk loads beyond the entry's: its JS chunks (itself first) and CSS files. */
export function lazyChunkFiles(manifest: Manifest, key: string): { js: string[]; css: string[] } {
  const entry = new Set(entryKeys(manifest));
  const js: string[] = [];
  const css: string[] = [];
  const seen = new Set<string>();
  const walk = (k: string) => {
    const c = manifest[k];
    if (!c || seen.has(k) || entry.has(k)) return;
    seen.add(k);
    if (c.file.endsWith('.js')) js.push(c.file);
    for (const f of c.css ?? []) if (!css.includes(f)) css.push(f);
    for (const i of c.imports ?? []) walk(i);
  };
  walk(key);
  return { js, css };
}

/**
 * The dashboard's first analysis request, as client/main.tsx and the page make it: the headline part on the
 * headlines view (no `view`, or `view=headlines`), else the whole analysis. Filters are never in the page's URL.
 */
export function analysisFirstRequest(surveyId: number, query: Record<string, unknown>): string {
  const view = query.view;
  return view === undefined || view === 'headlines' ? `/api/surveys/${surveyId}/analysis?part=headlines` : `/api/surveys/${surveyId}/analysis`;
}

/** `hintsFor(path, query, role)`: the value of the shell's Link header for this page and user, or undefined. */
export function pageHints(clientDir: string): (urlPath: string, query: Record<string, unknown>, role: Role | undefined) => string | undefined {
  const manifestPath = path.join(clientDir, '.vite', 'manifest.json');
  let read: { mtimeMs: number; links: Map<string, { entry: string[]; lazy: string[] }> } | undefined;
  const chunkLinks = (chunk: string): { entry: string[]; lazy: string[] } => {
    const st = fs.statSync(manifestPath, { throwIfNoEntry: false });
    if (!st) return { entry: [], lazy: [] };
    if (read?.mtimeMs !== st.mtimeMs) {
      const links = new Map<string, { entry: string[]; lazy: string[] }>();
      try {
        const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
        const modules = (files: string[]) => files.map((f) => `</${f}>; rel=modulepreload; crossorigin`);
        const styles = (files: string[]) => files.map((f) => `</${f}>; rel=preload; as=style; crossorigin`);
        const entry = entryFiles(manifest);
        for (const page of HINTED_PAGES) {
          const { js, css } = lazyChunkFiles(manifest, page.chunk);
          links.set(page.chunk, { entry: [...modules(entry.js), ...styles(entry.css)], lazy: [...modules(js), ...styles(css)] });
        }
      } catch {
        // being rewritten by a build: no hints this time
        return { entry: [], lazy: [] };
      }
      read = { mtimeMs: st.mtimeMs, links };
    }
    return read.links.get(chunk) ?? { entry: [], lazy: [] };
  };
  return (urlPath, query, role) => {
    for (const page of HINTED_PAGES) {
      const m = page.path.exec(urlPath);
      if (!m || (page.roles !== 'anyone' && (!role || !page.roles.includes(role)))) continue;
      const api = page.requests(m[1]!, query).map((u) => `<${u}>; rel=preload; as=fetch; crossorigin`);
      const { entry, lazy } = chunkLinks(page.chunk);
      return [...entry, ...lazy, ...api].join(', ');
    }
    return undefined;
  };
}
