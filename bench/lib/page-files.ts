/**
 * Which built files (dist/client) a page downloads before it can run, and their gzipped size: shared by the bundle
 * section and the builder's lazy JS figure.
 *
 * The file lists come from Vite's manifest (dist/client/.vite/manifest.json, `build.manifest: true`); when it is
 * missing or does not match index.html, from index.html and the `import` statements of the built chunks.
 * gzip level 6 (Node's zlib default, what typical servers use), each file compressed on its own as served;
 * KiB = 1024 bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { CLIENT_DIST } from '../../server/client-build';

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

export interface PageFiles {
  js: Set<string>;
  css: Set<string>;
}

/** A page loaded lazily from the entry: `import('./pages/<name>.tsx')`, built as `assets/<name>-<hash>.js`. */
export interface LazyPage {
  /** The source file's name without extension under client/pages, e.g. `respond-page`. */
  name: string;
}

export const gzipKiB = (files: Iterable<string>) => {
  let bytes = 0;
  for (const f of files) bytes += zlib.gzipSync(fs.readFileSync(path.join(CLIENT_DIST, f)), { level: 6 }).length;
  return bytes / 1024;
};
export const rawKiB = (files: Iterable<string>) => {
  let bytes = 0;
  for (const f of files) bytes += fs.statSync(path.join(CLIENT_DIST, f)).size;
  return bytes / 1024;
};
/** `a, b, c` of the files' base names, for the log. */
export const listFiles = (s: Iterable<string>) => [...s].map((f) => path.posix.basename(f)).join(', ');

/** `/assets/x.js` or `./assets/x.js` → `assets/x.js`. */
const rel = (url: string) => url.replace(/^(\.\/|\/)/, '').replace(/[?#].*$/, '');

export function fromHtml(html: string) {
  const entryScript = /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  if (!entryScript) throw new Error('dist/client/index.html has no module script');
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => rel(m[1]!));
  const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => rel(m[1]!));
  return { entry: rel(entryScript), preloads, css };
}
type Html = ReturnType<typeof fromHtml>;

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

/**
 * The sign-in page's files, and for each lazy page the sign-in page's files plus its chunk and the chunk's static
 * imports (what `import('./pages/<name>')` loads before rendering). A string says why the manifest cannot be used.
 */
function filesFromManifest(html: Html, pages: LazyPage[]): { signin: PageFiles; lazy: PageFiles[] } | string {
  const file = path.join(CLIENT_DIST, '.vite', 'manifest.json');
  if (!fs.existsSync(file)) return 'no dist/client/.vite/manifest.json (build.manifest is off)';
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry && manifest[k]!.file === html.entry);
  if (!entryKey) return `the manifest has no entry for ${html.entry} (stale manifest?)`;
  const signin: PageFiles = { js: new Set(), css: new Set(html.css) };
  closureFromManifest(manifest, entryKey, signin);
  const lazy: PageFiles[] = [];
  for (const { name } of pages) {
    const source = new RegExp(`(^|/)pages/${name}\\.tsx$`);
    const key = Object.keys(manifest).find((k) => source.test(k));
    if (!key) return `the manifest has no chunk for pages/${name}.tsx`;
    if (!closureHasDynamic(manifest, entryKey, key)) return `${name}.tsx is not loaded lazily from the entry`;
    const files: PageFiles = { js: new Set(signin.js), css: new Set(signin.css) };
    closureFromManifest(manifest, key, files);
    lazy.push(files);
  }
  return { signin, lazy };
}

function filesFromJs(html: Html, pages: LazyPage[]): { signin: PageFiles; lazy: PageFiles[] } {
  const signin: PageFiles = { js: new Set(), css: new Set(html.css) };
  closureFromJs(html.entry, signin);
  for (const p of html.preloads) closureFromJs(p, signin);
  const assets = fs.readdirSync(path.join(CLIENT_DIST, 'assets'));
  const lazy = pages.map(({ name }) => {
    const chunk = new RegExp(`^${name}-[\\w-]+\\.(js|css)$`);
    const js = assets.filter((f) => chunk.test(f) && f.endsWith('.js'));
    if (js.length !== 1) throw new Error(`expected one ${name}-*.js chunk in dist/client/assets, found ${js.length}`);
    const files: PageFiles = { js: new Set(signin.js), css: new Set(signin.css) };
    closureFromJs(`assets/${js[0]}`, files);
    for (const f of assets.filter((f) => chunk.test(f) && f.endsWith('.css'))) files.css.add(`assets/${f}`);
    return files;
  });
  return { signin, lazy };
}

/** The files of the sign-in page and of each lazy page (which include the sign-in page's), from the built client. */
export function pageFiles(pages: LazyPage[], log: (s: string) => void): { signin: PageFiles; lazy: PageFiles[] } {
  const html = fromHtml(fs.readFileSync(path.join(CLIENT_DIST, 'index.html'), 'utf8'));
  const files = filesFromManifest(html, pages);
  if (typeof files !== 'string') return files;
  log(`  bundle: ${files}; reading the chunks' import statements instead`);
  return filesFromJs(html, pages);
}

/** The files of `page` that `base` does not already hold (what opening the page downloads on top of it). */
export function beyond(page: PageFiles, base: PageFiles): PageFiles {
  return { js: new Set([...page.js].filter((f) => !base.js.has(f))), css: new Set([...page.css].filter((f) => !base.css.has(f))) };
}
