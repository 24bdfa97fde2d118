/**
 * Every string a coordinator or the Unit sees exists in English and French (issue 6, languages): the two message
 * sets have the same keys, no empty text, the same {placeholders}; and every key the pages ask for exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { messages, translate } from '../../client/i18n';
// Also adds the pages' strings to translate(), as the lazy pages' chunks do.
import { pageMessages } from '../../client/i18n-pages';

const en: Record<string, string> = { ...messages.en, ...pageMessages.en };
const fr: Record<string, string> = { ...messages.fr, ...pageMessages.fr };
/** `{name}` and the variable of `{name, plural, ...}`. */
const placeholders = (text: string) =>
  [...new Set([...text.replace(/\{(\w+),\s*plural,(?:\s*(?:=\d+|\w+)\s*\{[^{}]*\})+\s*\}/g, '{$1}').matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

/** Every .ts/.tsx file of the client, as [relative path, source]. */
function clientSources(): [string, string][] {
  const root = path.resolve(__dirname, '../../client');
  const out: [string, string][] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && entry.name !== 'i18n.ts' && entry.name !== 'i18n-pages.ts') out.push([path.relative(root, full), fs.readFileSync(full, 'utf8')]);
    }
  };
  walk(root);
  return out;
}

/** `t('key'`, `t("key"`, `translate(lang, 'key'`, `translate(props.lang, "key"`: the literal keys the pages use. */
function usedKeys(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const [file, source] of clientSources()) {
    for (const m of source.matchAll(/(?<![\w.$])t\(\s*['"]([A-Za-z0-9_]+)['"]|(?<![\w.$])translate\(\s*[\w.]+\s*,\s*['"]([A-Za-z0-9_]+)['"]/g)) {
      const key = (m[1] ?? m[2])!;
      used.set(key, [...(used.get(key) ?? []), file]);
    }
  }
  return used;
}

test('English and French have exactly the same message keys', () => {
  const onlyEn = Object.keys(en).filter((k) => !Object.hasOwn(fr, k));
  const onlyFr = Object.keys(fr).filter((k) => !Object.hasOwn(en, k));
  expect(onlyEn, 'keys missing in French').toEqual([]);
  expect(onlyFr, 'keys missing in English').toEqual([]);
  expect(Object.keys(en).length).toBeGreaterThan(100);
});

test('no message is empty or only spaces in either language', () => {
  const empty = [...Object.entries(en).map(([k, v]) => ['en', k, v]), ...Object.entries(fr).map(([k, v]) => ['fr', k, v])]
    .filter(([, , v]) => typeof v !== 'string' || v!.trim() === '')
    .map(([lang, k]) => `${lang}.${k}`);
  expect(empty).toEqual([]);
});

test('each message has the same {placeholders} in English and French', () => {
  const mismatched = Object.keys(en)
    .filter((k) => Object.hasOwn(fr, k))
    .filter((k) => placeholders(en[k]!).join(',') !== placeholders(fr[k]!).join(','))
    .map((k) => `${k}: en {${placeholders(en[k]!).join(', ')}} fr {${placeholders(fr[k]!).join(', ')}}`);
  expect(mismatched).toEqual([]);
});

test('every key the client pages ask for with a literal exists in both languages', () => {
  const used = usedKeys();
  // The scan finds the pages' keys (a regex that matched nothing would make this test pass by coincidence).
  expect(used.size).toBeGreaterThan(100);
  const missing = [...used].filter(([k]) => !Object.hasOwn(en, k) || !Object.hasOwn(fr, k)).map(([k, files]) => `${k} (${[...new Set(files)].join(', ')})`);
  expect(missing).toEqual([]);
});

test('a key is in the entry’s strings or in the pages’ strings, not in both', () => {
  const both = Object.keys(messages.en).filter((k) => Object.hasOwn(pageMessages.en, k));
  expect(both).toEqual([]);
  expect(Object.keys(messages.fr).filter((k) => Object.hasOwn(pageMessages.fr, k))).toEqual([]);
});

/**
 * The client files the sign-in and respondent pages load: client/main.tsx and its static imports, plus the
 * respondent's lazy page and its own imports (other dynamic imports are the lazy pages that load i18n-pages.ts).
 */
function entryAndRespondentFiles(): Map<string, string> {
  const root = path.resolve(__dirname, '../../client');
  const files = new Map<string, string>();
  const resolve = (from: string, spec: string) => {
    if (!spec.startsWith('.')) return undefined;
    const base = path.resolve(path.dirname(from), spec);
    return ['', '.ts', '.tsx', '/index.ts', '/index.tsx'].map((e) => base + e).find((f) => /\.tsx?$/.test(f) && fs.existsSync(f) && f.startsWith(root));
  };
  const stack = [path.join(root, 'main.tsx')];
  while (stack.length) {
    const file = stack.pop()!;
    if (files.has(file)) continue;
    const source = fs.readFileSync(file, 'utf8');
    files.set(file, source);
    for (const m of source.matchAll(/^\s*(import|export)\s(?!type\s)[^;]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm)) {
      const next = resolve(file, (m[2] ?? m[3])!);
      if (next) stack.push(next);
    }
    for (const m of source.matchAll(/import\(\s*['"]([^'"]*respond-page[^'"]*)['"]\s*\)/g)) {
      const next = resolve(file, m[1]!);
      if (next) stack.push(next);
    }
  }
  files.delete(path.join(root, 'i18n.ts'));
  return files;
}

test('the sign-in and respondent pages use only the entry’s strings (a coordinator never sees a raw key)', () => {
  const files = entryAndRespondentFiles();
  const names = [...files.keys()].map((f) => path.basename(f));
  expect(names).toEqual(expect.arrayContaining(['main.tsx', 'app.tsx', 'layout.tsx', 'home-page.tsx', 'respond-page.tsx']));
  expect(names).not.toContain('i18n-pages.ts');
  expect(names).not.toContain('builder-page.tsx');
  const pageOnly = new Set(Object.keys(pageMessages.en));
  const misplaced: string[] = [];
  let literals = 0;
  for (const [file, source] of files) {
    // Any quoted key (t('key'), key tables typed MessageKey), and `prefix${...}` templates of keys.
    for (const m of source.matchAll(/['"]([A-Za-z0-9_]+)['"]/g)) {
      if (Object.hasOwn(messages.en, m[1]!)) literals++;
      if (pageOnly.has(m[1]!)) misplaced.push(`${m[1]} (${path.basename(file)})`);
    }
    for (const m of source.matchAll(/`([A-Za-z0-9_]+)\$\{/g)) {
      for (const k of pageOnly) if (k.startsWith(m[1]!)) misplaced.push(`${k} (${path.basename(file)}, \`${m[1]}\${…}\`)`);
    }
  }
  expect(literals).toBeGreaterThan(50);
  expect(misplaced).toEqual([]);
});

test('placeholders are filled in both languages', () => {
  expect(translate('en', 'surveyFor', { city: 'Lyon' })).toBe('Survey for Lyon');
  expect(translate('fr', 'surveyFor', { city: 'Lyon' })).toContain('Lyon');
  expect(translate('fr', 'surveyFor', { city: 'Lyon' })).not.toContain('{');
});

test('plural forms follow each language: French counts 0 and 1 as singular, English only 1', () => {
  expect(translate('en', 'inviteSend', { n: 1 })).toBe('Send invitations to 1 city…');
  expect(translate('en', 'inviteSend', { n: 0 })).toBe('Send invitations to 0 cities…');
  expect(translate('en', 'inviteSend', { n: 1234 })).toBe('Send invitations to 1,234 cities…');
  expect(translate('fr', 'inviteSend', { n: 0 })).toBe('Envoyer les invitations à 0 ville…');
  expect(translate('fr', 'inviteSend', { n: 1 })).toBe('Envoyer les invitations à 1 ville…');
  expect(translate('fr', 'inviteSend', { n: 2 })).toBe('Envoyer les invitations à 2 villes…');
  // Several plural parts and a plain placeholder in one message.
  expect(translate('en', 'networkDeleteRefused', { code: 'RECI', n: 1 })).toBe('The network RECI cannot be deleted: 1 city belongs to it. Remove them from it first.');
  expect(translate('en', 'builderTemplateHint', { n: 1 })).toBe('1 question; it appears under this question in the outline, where it is edited.');
  expect(translate('fr', 'builderTemplateHint', { n: 3 })).toBe('3 questions ; elles figurent sous cette question dans le plan, où on les modifie.');
  // A value already formatted by the caller takes the plural form, as it is.
  expect(translate('en', 'attempts', { n: '1,5' })).toBe('1,5 attempts');
});

test('no plural form is left unread: every message renders without braces for 0, 1 and 2', () => {
  const plurals = Object.keys(en).filter((k) => /,\s*plural,/.test(en[k]!) || /,\s*plural,/.test(fr[k]!));
  expect(plurals.length).toBeGreaterThan(10);
  for (const key of plurals) {
    const vars = Object.fromEntries(placeholders(en[key]!).map((p) => [p, 1]));
    for (const lang of ['en', 'fr'] as const) {
      for (const n of [0, 1, 2]) {
        const text = translate(lang, key as never, Object.fromEntries(Object.keys(vars).map((p) => [p, n])));
        expect(text, `${lang}.${key} with ${n}`).not.toMatch(/[{}#]/);
      }
    }
  }
});
