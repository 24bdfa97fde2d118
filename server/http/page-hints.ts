/**
 * `Link` preload headers sent with the single-page app's shell, so that a page's own code and first API
 * requests start downloading with the HTML instead of after the entry script has run (issue 3: the analysis
 * dashboard's first render). Only for a signed-in admin or analyst opening `/analysis/surveys/:id`: the lazy
 * chunk of client/pages/analysis-page.tsx and everything it imports beyond the entry (chart.js included), its
 * CSS, and the two requests the page makes first (the session, the year's unfiltered analysis or its headline part).
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

/** The manifest key of the analysis page's lazy chunk (client/pages/analysis-page.tsx, relative to client/). */
const ANALYSIS_PAGE = 'pages/analysis-page.tsx';
const ANALYSIS_PATH = /^\/analysis\/surveys\/(\d{1,9})\/?$/;

/** The files a lazy chunk loads beyond the entry's: its JS chunks (itself first) and CSS files. */
export function lazyChunkFiles(manifest: Manifest, key: string): { js: string[]; css: string[] } {
  const entryFiles = new Set<string>();
  const walkEntry = (k: string) => {
    const c = manifest[k];
    if (!c || entryFiles.has(k)) return;
    entryFiles.add(k);
    for (const i of c.imports ?? []) walkEntry(i);
  };
  for (const [k, c] of Object.entries(manifest)) if (c.isEntry) walkEntry(k);
  const js: string[] = [];
  const css: string[] = [];
  const seen = new Set<string>();
  const walk = (k: string) => {
    const c = manifest[k];
    if (!c || seen.has(k) || entryFiles.has(k)) return;
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
  let read: { mtimeMs: number; links: string[] } | undefined;
  const analysisLinks = (): string[] => {
    const st = fs.statSync(manifestPath, { throwIfNoEntry: false });
    if (!st) return [];
    if (read?.mtimeMs !== st.mtimeMs) {
      let links: string[] = [];
      try {
        const { js, css } = lazyChunkFiles(JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest, ANALYSIS_PAGE);
        // `crossorigin` as Vite's own preload links have it, so the page's requests take these answers.
        links = [...js.map((f) => `</${f}>; rel=modulepreload; crossorigin`), ...css.map((f) => `</${f}>; rel=preload; as=style; crossorigin`)];
      } catch {
        // being rewritten by a build: no hints this time
        return [];
      }
      read = { mtimeMs: st.mtimeMs, links };
    }
    return read.links;
  };
  return (urlPath, query, role) => {
    if (role !== 'admin' && role !== 'analyst') return undefined;
    const m = ANALYSIS_PATH.exec(urlPath);
    if (!m) return undefined;
    const api = [`/api/session`, analysisFirstRequest(Number(m[1]), query)].map((u) => `<${u}>; rel=preload; as=fetch; crossorigin`);
    return [...api, ...analysisLinks()].join(', ');
  };
}
