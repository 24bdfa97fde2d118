import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import compression from 'compression';
import express from 'express';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { precompressedAssets, writeCompressedTwins } from '../../server/http/precompressed';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-precompressed-'));
const script = 'const answer = 42;\n'.repeat(400);
let server: http.Server;
let base = '';

beforeAll(async () => {
  fs.writeFileSync(path.join(dir, 'app-abc123.js'), script);
  fs.writeFileSync(path.join(dir, 'style-abc123.css'), 'body { color: red; }\n'.repeat(100));
  fs.writeFileSync(path.join(dir, 'tiny-abc123.js'), 'x()');
  fs.writeFileSync(path.join(dir, 'logo-abc123.png'), Buffer.alloc(4096, 1));
  const app = express();
  // As server/app.ts mounts them: the twins first, then the static files behind the compression middleware.
  app.use(compression({ threshold: 1024 }));
  app.use('/assets', precompressedAssets(dir));
  app.use('/assets', express.static(dir, { immutable: true, maxAge: '1y', index: false, fallthrough: false }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A raw GET (fetch would decode the body): status, headers and the bytes as sent. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

test('the build writes Brotli and gzip twins of scripts and styles over 1 KiB only, and they decode to the file', async () => {
  const written = await writeCompressedTwins(dir);
  expect(written.map((w) => w.file).sort()).toEqual(['app-abc123.js', 'style-abc123.css']);
  for (const w of written) {
    const raw = fs.readFileSync(path.join(dir, w.file));
    expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(dir, w.file + '.br')))).toEqual(raw);
    expect(zlib.gunzipSync(fs.readFileSync(path.join(dir, w.file + '.gz')))).toEqual(raw);
    expect(w.br).toBeLessThan(w.bytes);
  }
  expect(fs.existsSync(path.join(dir, 'tiny-abc123.js.br'))).toBe(false);
  expect(fs.existsSync(path.join(dir, 'logo-abc123.png.gz'))).toBe(false);
});

test('a browser accepting Brotli gets the Brotli twin, with the script type, Vary and a year of caching', async () => {
  const res = await get(`${base}/assets/app-abc123.js`, { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
  expect(res.status).toBe(200);
  expect(res.headers['content-encoding']).toBe('br');
  expect(res.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
  expect(res.headers.vary).toMatch(/Accept-Encoding/i);
  expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(res.body).toEqual(fs.readFileSync(path.join(dir, 'app-abc123.js.br')));
  expect(zlib.brotliDecompressSync(res.body).toString()).toBe(script);
});

test('gzip only, or Brotli refused by q=0, gets the gzip twin; CSS keeps its type', async () => {
  const gz = await get(`${base}/assets/style-abc123.css`, { 'Accept-Encoding': 'gzip' });
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(gz.headers['content-type']).toMatch(/^text\/css/);
  expect(zlib.gunzipSync(gz.body).toString()).toContain('color: red');
  const noBr = await get(`${base}/assets/app-abc123.js`, { 'Accept-Encoding': 'br;q=0, gzip' });
  expect(noBr.headers['content-encoding']).toBe('gzip');
});

test('no accepted encoding, files without twins and odd names fall through to the plain files', async () => {
  const plain = await get(`${base}/assets/app-abc123.js`, { 'Accept-Encoding': 'identity' });
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.body.toString()).toBe(script);
  const tiny = await get(`${base}/assets/tiny-abc123.js`, { 'Accept-Encoding': 'br' });
  expect(tiny.headers['content-encoding']).toBeUndefined();
  expect(tiny.body.toString()).toBe('x()');
  const missing = await get(`${base}/assets/nothing-here.js`, { 'Accept-Encoding': 'br' });
  expect(missing.status).toBe(404);
  const escape = await get(`${base}/assets/..%2Fsecret.js`, { 'Accept-Encoding': 'br' });
  expect([403, 404]).toContain(escape.status);
  expect(escape.headers['content-encoding']).toBeUndefined();
});

test('a twin deleted under the running server (a rebuild) falls back to the plain file', async () => {
  fs.rmSync(path.join(dir, 'style-abc123.css.br'));
  const res = await get(`${base}/assets/style-abc123.css`, { 'Accept-Encoding': 'br' });
  expect(res.status).toBe(200);
  // Compressed on the fly by the compression middleware, as before the twins.
  expect(res.headers['content-encoding']).toBe('br');
  expect(res.body).not.toEqual(fs.readFileSync(path.join(dir, 'style-abc123.css.gz')));
  expect(zlib.brotliDecompressSync(res.body).toString()).toContain('color: red');
  const plain = await get(`${base}/assets/style-abc123.css`, { 'Accept-Encoding': 'gzip' });
  expect(plain.headers['content-encoding']).toBe('gzip');
  expect(zlib.gunzipSync(plain.body).toString()).toContain('color: red');
});
