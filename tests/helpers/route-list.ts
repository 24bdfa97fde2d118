/**
 * The route table of the app, read from express itself (express 5: `app.router.stack`, mounted routers'
 * `layer.handle.stack`), so tests that cover "every route" cover routes added later without being told.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { createApp } from '../../server/app';
import { parseConfig } from '../../server/config';
import { openDatabase } from '../../server/db';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string | RegExp | (string | RegExp)[];
}

function joinPath(prefix: string, p: string | RegExp | (string | RegExp)[] | undefined): string[] {
  const parts = Array.isArray(p) ? p : [p ?? ''];
  return parts.map((part) => {
    const s = part instanceof RegExp ? `<regexp ${part.source}>` : part;
    return `${prefix}${s === '/' ? '' : s}`;
  });
}

/** Every `METHOD /path` the app routes, mounted routers included; trailing slashes of `router.get('/')` dropped. */
export function listRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const full of joinPath(prefix, layer.route.path)) {
          for (const method of Object.keys(layer.route.methods)) {
            out.push(`${method === '_all' ? 'ALL' : method.toUpperCase()} ${full.replace(/\/$/, '') || '/'}`);
          }
        }
      } else if (layer.handle?.stack) {
        for (const full of joinPath(prefix, layer.rawPath)) walk(layer.handle.stack, full);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...new Set(out)];
}

/**
 * The routes of an app built by the same factory on a throwaway database: tests need the list while they are
 * collected (one test per route), before their own app starts.
 */
export function listAppRoutes(): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-route-list-'));
  const db = openDatabase(path.join(dir, 'routes.sqlite'));
  try {
    const { app } = createApp({ db, config: parseConfig({ DATA_DIR: dir }), clock: { now: () => new Date() }, linkSecret: crypto.randomBytes(32) });
    return listRoutes(app);
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
