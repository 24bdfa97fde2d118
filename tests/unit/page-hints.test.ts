import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { analysisFirstRequest, entryFiles, lazyChunkFiles, pageHints } from '../../server/http/page-hints';

/** A manifest shaped like Vite's: the entry imports two chunks, the analysis page imports one of them and its own. */
const manifest = {
  'index.html': { file: 'assets/index-A.js', isEntry: true, imports: ['_jsx-runtime-B.js', '_api-C.js'], css: ['assets/index-A.css'] },
  '_jsx-runtime-B.js': { file: 'assets/jsx-runtime-B.js' },
  '_api-C.js': { file: 'assets/api-C.js' },
  '_model-D.js': { file: 'assets/model-D.js' },
  'pages/analysis/figure.tsx': { file: 'assets/figure-E.js', imports: ['_jsx-runtime-B.js'] },
  'pages/analysis-page.tsx': {
    file: 'assets/analysis-page-F.js',
    imports: ['_jsx-runtime-B.js', '_api-C.js', 'index.html', 'pages/analysis/figure.tsx', '_model-D.js'],
    css: ['assets/analysis-page-F.css'],
  },
  'pages/respond-page.tsx': { file: 'assets/respond-page-G.js', imports: ['index.html', '_survey-react-ui-I.js'] },
  '_survey-react-ui-I.js': { file: 'assets/survey-react-ui-I.js', css: ['assets/survey-react-ui-I.css'] },
  'pages/builder-page.tsx': {
    file: 'assets/builder-page-J.js',
    imports: ['_jsx-runtime-B.js', 'index.html', '_survey-react-ui-I.js'],
    css: ['assets/builder-page-J.css'],
  },
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-page-hints-'));
fs.mkdirSync(path.join(dir, '.vite'));
fs.writeFileSync(path.join(dir, '.vite', 'manifest.json'), JSON.stringify(manifest));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('Link preload hints of the shell (issue 3: dashboard first render)', () => {
  test("the analysis page's chunks beyond the entry's, itself first, and its CSS", () => {
    expect(lazyChunkFiles(manifest, 'pages/analysis-page.tsx')).toEqual({
      js: ['assets/analysis-page-F.js', 'assets/figure-E.js', 'assets/model-D.js'],
      css: ['assets/analysis-page-F.css'],
    });
    expect(lazyChunkFiles(manifest, 'pages/unknown.tsx')).toEqual({ js: [], css: [] });
  });

  test("the entry's own files: the entry script first, its static imports, its CSS (hinted before anything else)", () => {
    expect(entryFiles(manifest)).toEqual({ js: ['assets/index-A.js', 'assets/jsx-runtime-B.js', 'assets/api-C.js'], css: ['assets/index-A.css'] });
    // A chunk the entry imports that imports the entry back, and CSS of an imported chunk, are listed once.
    const cyclic = {
      ...manifest,
      '_api-C.js': { file: 'assets/api-C.js', imports: ['index.html', '_jsx-runtime-B.js'], css: ['assets/index-A.css', 'assets/api-C.css'] },
    };
    expect(entryFiles(cyclic)).toEqual({ js: ['assets/index-A.js', 'assets/jsx-runtime-B.js', 'assets/api-C.js'], css: ['assets/index-A.css', 'assets/api-C.css'] });
    expect(entryFiles({})).toEqual({ js: [], css: [] });
  });

  test('signed-in admins and analysts opening the dashboard get the API requests and the chunks; nobody else', () => {
    const hints = pageHints(dir);
    const link = hints('/analysis/surveys/12', {}, 'analyst')!;
    expect(link.split(', ')).toEqual([
      '</assets/index-A.js>; rel=modulepreload; crossorigin',
      '</assets/jsx-runtime-B.js>; rel=modulepreload; crossorigin',
      '</assets/api-C.js>; rel=modulepreload; crossorigin',
      '</assets/index-A.css>; rel=preload; as=style; crossorigin',
      '</assets/analysis-page-F.js>; rel=modulepreload; crossorigin',
      '</assets/figure-E.js>; rel=modulepreload; crossorigin',
      '</assets/model-D.js>; rel=modulepreload; crossorigin',
      '</assets/analysis-page-F.css>; rel=preload; as=style; crossorigin',
      '</api/session>; rel=preload; as=fetch; crossorigin',
      '</api/surveys/12/analysis?part=headlines>; rel=preload; as=fetch; crossorigin',
    ]);
    expect(hints('/analysis/surveys/12/', {}, 'admin')).toBe(link);
    expect(hints('/analysis/surveys/12', {}, undefined)).toBeUndefined();
    expect(hints('/', {}, 'admin')).toBeUndefined();
    expect(hints('/admin/surveys/12', {}, 'admin')).toBeUndefined();
    expect(hints('/analysis/surveys/12/extra', {}, 'admin')).toBeUndefined();
  });

  test("admins opening the builder get the session, the draft, survey-react-ui's chunk and the CSS; analysts do not", () => {
    const hints = pageHints(dir);
    expect(hints('/admin/surveys/7/builder', {}, 'admin')!.split(', ')).toEqual([
      '</assets/index-A.js>; rel=modulepreload; crossorigin',
      '</assets/jsx-runtime-B.js>; rel=modulepreload; crossorigin',
      '</assets/api-C.js>; rel=modulepreload; crossorigin',
      '</assets/index-A.css>; rel=preload; as=style; crossorigin',
      '</assets/builder-page-J.js>; rel=modulepreload; crossorigin',
      '</assets/survey-react-ui-I.js>; rel=modulepreload; crossorigin',
      '</assets/builder-page-J.css>; rel=preload; as=style; crossorigin',
      '</assets/survey-react-ui-I.css>; rel=preload; as=style; crossorigin',
      '</api/session>; rel=preload; as=fetch; crossorigin',
      '</api/surveys/7/draft>; rel=preload; as=fetch; crossorigin',
    ]);
    expect(hints('/admin/surveys/7/builder/', {}, 'admin')).toBe(hints('/admin/surveys/7/builder', {}, 'admin'));
    expect(hints('/admin/surveys/7/builder', {}, 'analyst')).toBeUndefined();
    expect(hints('/admin/surveys/7/builder', {}, undefined)).toBeUndefined();
    expect(hints('/admin/surveys/x/builder', {}, 'admin')).toBeUndefined();
  });

  test("anyone opening a coordinator's link gets the respondent's chunks and the city's answers; other tokens get nothing", () => {
    const hints = pageHints(dir);
    const token = 'Tkd44waP7jkc4-pc6Jm2tEcMb4xgkrJ_AAxpganEH9k';
    expect(hints(`/r/${token}`, {}, undefined)!.split(', ')).toEqual([
      '</assets/index-A.js>; rel=modulepreload; crossorigin',
      '</assets/jsx-runtime-B.js>; rel=modulepreload; crossorigin',
      '</assets/api-C.js>; rel=modulepreload; crossorigin',
      '</assets/index-A.css>; rel=preload; as=style; crossorigin',
      '</assets/respond-page-G.js>; rel=modulepreload; crossorigin',
      '</assets/survey-react-ui-I.js>; rel=modulepreload; crossorigin',
      '</assets/survey-react-ui-I.css>; rel=preload; as=style; crossorigin',
      `</api/respond/${token}>; rel=preload; as=fetch; crossorigin`,
    ]);
    expect(hints(`/r/${token}/`, {}, 'admin')).toBe(hints(`/r/${token}`, {}, undefined));
    // Only the link alphabet reaches the header: no spaces, commas, angle brackets or encoded characters.
    for (const bad of ['/r/abc%3E%2C%20x', '/r/abc>,<x', '/r/short', `/r/${token}/report`, `/r/${'a'.repeat(201)}`]) {
      expect(hints(bad, {}, undefined), bad).toBeUndefined();
    }
  });

  test('the first analysis request is the headline part on the headlines view only', () => {
    expect(analysisFirstRequest(3, {})).toBe('/api/surveys/3/analysis?part=headlines');
    expect(analysisFirstRequest(3, { view: 'headlines' })).toBe('/api/surveys/3/analysis?part=headlines');
    expect(analysisFirstRequest(3, { view: 'texts' })).toBe('/api/surveys/3/analysis');
    expect(pageHints(dir)('/analysis/surveys/3', { view: 'sections' }, 'admin')).toContain('</api/surveys/3/analysis>; rel=preload');
  });

  test('a rebuilt client is read again; without a manifest only the API requests are hinted', () => {
    const hints = pageHints(dir);
    expect(hints('/analysis/surveys/1', {}, 'admin')).toContain('analysis-page-F.js');
    const rebuilt = { ...manifest, 'pages/analysis-page.tsx': { ...manifest['pages/analysis-page.tsx'], file: 'assets/analysis-page-H.js' } };
    const file = path.join(dir, '.vite', 'manifest.json');
    fs.writeFileSync(file, JSON.stringify(rebuilt));
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    expect(hints('/analysis/surveys/1', {}, 'admin')).toContain('analysis-page-H.js');
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-page-hints-empty-'));
    try {
      expect(pageHints(empty)('/analysis/surveys/1', {}, 'admin')!.split(', ')).toHaveLength(2);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
