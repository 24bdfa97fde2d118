/**
 * Gzipped size of the JavaScript (and CSS) a page downloads before it can run, from the built client
 * (dist/client, built first if needed, in production mode: see lib/client.ts). gzip level 6: what typical servers and CDNs use (nginx's
 * `gzip_comp_level` is often 5-6; Node's zlib default is 6), not the maximum 9. Sizes in KiB (1024 bytes),
 * each file compressed on its own, as served.
 *
 * - sign-in page (`/`): the entry script of index.html and everything it imports statically;
 * - respondent page (`/r/:token`): the sign-in page's files plus the lazy chunk of client/pages/respond-page.tsx
 *   and its static imports (what `import('./pages/respond-page')` loads before rendering);
 * - builder (`/admin/surveys/:id/builder`): the lazy chunk of client/pages/builder-page.tsx and its static
 *   imports *beyond* the sign-in page's files (what opening the builder downloads after signing in).
 *
 * The file lists come from Vite's manifest (lib/page-files.ts).
 */
import { ensureProductionClient } from '../lib/client';
import { entry, type Entry } from '../lib/entry';
import { beyond, gzipKiB, listFiles, pageFiles, rawKiB } from '../lib/page-files';

export async function bundleBench({ log }: { quick: boolean; log: (s: string) => void }): Promise<Entry[]> {
  await ensureProductionClient((s) => log(`  ${s}`));
  const {
    signin,
    lazy: [respondent, builderPage],
  } = pageFiles([{ name: 'respond-page' }, { name: 'builder-page' }], log);
  const builder = beyond(builderPage!, signin);
  const signinJs = gzipKiB(signin.js);
  const respondentJs = gzipKiB(respondent!.js);
  const respondentCss = gzipKiB(respondent!.css);
  const builderJs = gzipKiB(builder.js);
  log(
    `bundle (gzip -6): sign-in JS ${signinJs.toFixed(1)} KiB (${rawKiB(signin.js).toFixed(0)} KiB raw: ${listFiles(signin.js)}); ` +
      `respondent JS ${respondentJs.toFixed(1)} KiB (${rawKiB(respondent!.js).toFixed(0)} KiB raw: ${listFiles(respondent!.js)}); ` +
      `respondent CSS ${respondentCss.toFixed(1)} KiB (${listFiles(respondent!.css)}); ` +
      `builder's lazy JS beyond the sign-in page ${builderJs.toFixed(1)} KiB (${rawKiB(builder.js).toFixed(0)} KiB raw: ${listFiles(builder.js)}; ` +
      `CSS ${gzipKiB(builder.css).toFixed(1)} KiB: ${listFiles(builder.css)})`,
  );
  return [
    entry({ name: 'js_gzip_signin_kb', value: signinJs, unit: 'KiB', target: 120 }),
    entry({ name: 'js_gzip_respondent_kb', value: respondentJs, unit: 'KiB', target: 450 }),
    entry({ name: 'css_gzip_respondent_kb', value: respondentCss, unit: 'KiB' }),
    entry({ name: 'js_gzip_builder_kb', value: builderJs, unit: 'KiB' }),
  ];
}
