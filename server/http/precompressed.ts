/**
 * The client's assets compressed once, when the client is built, instead of on every request.
 *
 * The build (vite.config.ts) writes a Brotli (`.br`, quality 11) and a gzip (`.gz`, level 9) twin beside every
 * script, style sheet and SVG of dist/client/assets over 1 KiB. The server then sends the twin the browser accepts,
 * as it is. Before, the `compression` middleware compressed each asset on every request of a fresh browser
 * (Brotli quality 4): the builder's 1.6 MB chunk (survey-core and survey-react-ui) cost about 100 ms of the
 * server's CPU and arrived piece by piece while the compressor ran, and it came out 25% larger than at quality 11
 * (339 KB against 272 KB), which is too slow to run per request (2–3 s for that chunk here). Smaller files help a
 * coordinator on a phone or a slow connection.
 *
 * Assets are immutable (their names carry a content hash), so a twin never goes stale. A twin listed but gone
 * (the client rebuilt under a running server) falls through to the plain file, compressed as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** What gets twins: text assets worth compressing (images and fonts are compressed already). */
const COMPRESSIBLE = /\.(?:js|css|svg)$/;
const MIN_BYTES = 1024;

const ENCODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
] as const;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Writes the `.br` and `.gz` twins of every compressible file of `dir` (not recursive) over 1 KiB. The files are
 * compressed concurrently (zlib's thread pool); returns the files twinned, with their sizes.
 */
export async function writeCompressedTwins(dir: string): Promise<{ file: string; bytes: number; br: number; gz: number }[]> {
  const files = fs.readdirSync(dir).filter((f) => COMPRESSIBLE.test(f) && fs.statSync(path.join(dir, f)).size >= MIN_BYTES);
  return Promise.all(
    files.map(async (file) => {
      const raw = fs.readFileSync(path.join(dir, file));
      const [br, gz] = await Promise.all([
        brotli(raw, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        }),
        gzip(raw, { level: zlib.constants.Z_BEST_COMPRESSION }),
      ]);
      fs.writeFileSync(path.join(dir, file + '.br'), br);
      fs.writeFileSync(path.join(dir, file + '.gz'), gz);
      return { file, bytes: raw.length, br: br.length, gz: gz.length };
    }),
  );
}

/**
 * Serves `<dir>/<name>` as its `.br` or `.gz` twin when the request accepts that encoding (Brotli first, whatever
 * the header's order; `q=0` refuses one), with the plain file's type, `Vary: Accept-Encoding` and a year's
 * immutable caching. Otherwise, or when there is no twin, it passes on (to express.static and the compression
 * middleware). Mount it where the static files are (`app.use('/assets', precompressedAssets(dir))`).
 */
export function precompressedAssets(dir: string): RequestHandler {
  /** Per asset name: which twins exist (looked up once; names are content-hashed). */
  const twins = new Map<string, Set<string>>();
  const twinsOf = (name: string): Set<string> => {
    let found = twins.get(name);
    if (found === undefined) {
      found = new Set(ENCODINGS.filter((e) => fs.existsSync(path.join(dir, name + e.ext))).map((e) => e.name));
      twins.set(name, found);
    }
    return found;
  };
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const name = req.path.slice(1);
    // One file name of the folder itself: no sub-folders, no dot files, nothing that could leave it.
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name) || !COMPRESSIBLE.test(name)) return next();
    const available = twinsOf(name);
    if (available.size === 0) return next();
    res.vary('Accept-Encoding');
    // Ours first: browsers list gzip before br, with the same weight, and negotiation would then pick gzip.
    const encoding = ENCODINGS.find((e) => available.has(e.name) && req.acceptsEncodings(e.name) === e.name);
    if (!encoding) return next();
    res.type(path.extname(name));
    res.setHeader('Content-Encoding', encoding.name);
    res.sendFile(path.join(dir, name + encoding.ext), { immutable: true, maxAge: '1y', dotfiles: 'deny' }, (err?: NodeJS.ErrnoException) => {
      if (!err) return;
      if (res.headersSent) return next(err);
      // The twin went away (a rebuild): forget it and send the plain file instead.
      twins.delete(name);
      res.removeHeader('Content-Encoding');
      res.removeHeader('Content-Type');
      next();
    });
  };
}
