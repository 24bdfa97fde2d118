/**
 * Gzipped size of the JavaScript (and CSS) a page downloads before it can run, from the built client
 * (dist/client, built first if needed, in production mode: see lib/client.ts). gzip level 6: what typical servers and CDNs use (nginx's
 * `gzip_comp_level` is often 5-6; Node's zlib default is 6), not the maximum 9. Sizes in KiB (1024 bytes),
 * each file compressed on its own, as served.
 *
 * - sign-in page (`/`): the entry script of index.html and everything it imports statically;
 * - respondent page (`/r/:token`): the sign-in page's files plus the lazy chunk of client/pages/respond-page.tsx
 *   and its static imports (what `import('./pages/respond-page')` loads before rendering).
 *
 * The file lists come from Vite's manifest (dist/client/.vite/manifest.json, `build.manifest: true`); when it is
 * missing or does not match index.html, from index.html and the `import` statements of the built chunks.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { CLIENT_DIST } from '../../server/client-build';
import { ensureProductionClient } from '../lib/client';
import { entry, type Entry } from '../lib/entry';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

interface PageFiles {
  js: Set<string>;
  css: Set<string>;
}

const gzipKiB = (files: Iterable<string>) => {
  let bytes = 0;
  for (const f of files) bytes += zlib.gzipSync(fs.readFileSync(path.join(CLIENT_DIST, f)), { level: 6 }).length;
  return bytes / 1024;
};
const rawKiB = (files: Iterable<string>) => {
  let bytes = 0;
  for (const f of files) bytes += fs.statSync(path.join(CLIENT_DIST, f)).size;
  return bytes / 1024;
};
/** `/assets/x.js` or `./assets/x.js` → `assets/x.js`. */
const rel = (url: string) => url.replace(/^(\.\/|\/)/, '').replace(/[?#].*$/, '');

export function fromHtml(html: string) {
  const entryScript = /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  if (!entryScript) throw new Error('dist/client/index.html has no module script');
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => rel(m[1]!));
  const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => rel(m[1]!));
  return { entry: rel(entryScript), preloads, css };
}

function closureFromManifest(manifest: Manifest, key: string, into: PageFiles) {
  const seen = new Set<string>();
  const visit = (k: string) => {
    if (seen.has(k)) return;
    seen.add(k);
    const chunk = manifest[k];
    if (!chunk) throw new Error(`vite manifest: no chunk ${k}`);
    into.js.add(chunk.file);
    for (const c of chunk.css ?? []) into.css.add(c);
    for (const i of chunk.imports ?? []) visit(i);
  };
  visit(key);
}

/** Static imports of a built chunk (`import{a as b}from"./x.js"`, `import"./y.js"`), followed recursively. */
function closureFromJs(file: string, into: PageFiles) {
  const visit = (f: string) => {
    if (into.js.has(f)) return;
    into.js.add(f);
    const code = fs.readFileSync(path.join(CLIENT_DIST, f), 'utf8');
    const dir = path.posix.dirname(f);
    for (const m of code.matchAll(/(?:^|[;}\n\s])import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g)) {
      visit(path.posix.normalize(path.posix.join(dir, m[1]!)));
    }
  };
  visit(file);
}

function filesFromManifest(html: ReturnType<typeof fromHtml>): { signin: PageFiles; respondent: PageFiles } | string {
  const file = path.join(CLIENT_DIST, '.vite', 'manifest.json');
  if (!fs.existsSync(file)) return 'no dist/client/.vite/manifest.json (build.manifest is off)';
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry && manifest[k]!.file === html.entry);
  if (!entryKey) return `the manifest has no entry for ${html.entry} (stale manifest?)`;
  const respondKey = Object.keys(manifest).find((k) => /(^|\/)pages\/respond-page\.tsx$/.test(k));
  if (!respondKey) return 'the manifest has no chunk for pages/respond-page.tsx';
  if (!closureHasDynamic(manifest, entryKey, respondKey)) {
    return 'respond-page.tsx is not loaded lazily from the entry';
  }
  const signin: PageFiles = { js: new Set(), css: new Set(html.css) };
  closureFromManifest(manifest, entryKey, signin);
  const respondent: PageFiles = { js: new Set(signin.js), css: new Set(signin.css) };
  closureFromManifest(manifest, respondKey, respondent);
  return { signin, respondent };
}

function closureHasDynamic(manifest: Manifest, from: string, target: string): boolean {
  const seen = new Set<string>();
  const visit = (k: string): boolean => {
    if (seen.has(k)) return false;
    seen.add(k);
    const c = manifest[k];
    if (!c) return false;
    return (c.dynamicImports ?? []).includes(target) || (c.imports ?? []).some(visit);
  };
  return visit(from);
}

export function filesFromJs(html: ReturnType<typeof fromHtml>): { signin: PageFiles; respondent: PageFiles } {
  const signin: PageFiles = { js: new Set(), css: new Set(html.css) };
  closureFromJs(html.entry, signin);
  for (const p of html.preloads) closureFromJs(p, signin);
  const assets = fs.readdirSync(path.join(CLIENT_DIST, 'assets'));
  const respondJs = assets.filter((f) => /^respond-page-[\w-]+\.js$/.test(f));
  if (respondJs.length !== 1) throw new Error(`expected one respond-page-*.js chunk in dist/client/assets, found ${respondJs.length}`);
  const respondent: PageFiles = { js: new Set(signin.js), css: new Set(signin.css) };
  closureFromJs(`assets/${respondJs[0]}`, respondent);
  for (const f of assets.filter((f) => /^respond-page-[\w-]+\.css$/.test(f))) respondent.css.add(`assets/${f}`);
  return { signin, respondent };
}

export async function bundleBench({ log }: { quick: boolean; log: (s: string) => void }): Promise<Entry[]> {
  await ensureProductionClient((s) => log(`  ${s}`));
  const html = fromHtml(fs.readFileSync(path.join(CLIENT_DIST, 'index.html'), 'utf8'));
  let files = filesFromManifest(html);
  if (typeof files === 'string') {
    log(`  bundle: ${files}; reading the chunks' import statements instead`);
    files = filesFromJs(html);
  }
  const { signin, respondent } = files;
  const signinJs = gzipKiB(signin.js);
  const respondentJs = gzipKiB(respondent.js);
  const respondentCss = gzipKiB(respondent.css);
  const list = (s: Set<string>) => [...s].map((f) => path.posix.basename(f)).join(', ');
  log(
    `bundle (gzip -6): sign-in JS ${signinJs.toFixed(1)} KiB (${rawKiB(signin.js).toFixed(0)} KiB raw: ${list(signin.js)}); ` +
      `respondent JS ${respondentJs.toFixed(1)} KiB (${rawKiB(respondent.js).toFixed(0)} KiB raw: ${list(respondent.js)}); ` +
      `respondent CSS ${respondentCss.toFixed(1)} KiB (${list(respondent.css)})`,
  );
  return [
    entry({ name: 'js_gzip_signin_kb', value: signinJs, unit: 'KiB', target: 120 }),
    entry({ name: 'js_gzip_respondent_kb', value: respondentJs, unit: 'KiB', target: 450 }),
    entry({ name: 'css_gzip_respondent_kb', value: respondentCss, unit: 'KiB' }),
  ];
}
