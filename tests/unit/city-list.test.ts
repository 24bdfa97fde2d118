import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDatabase, type Db } from '../../server/db';
import { cityStore } from '../../server/stores/cities';

let dir: string;
let db: Db;
let cities: ReturnType<typeof cityStore>;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'city-list-'));
  db = openDatabase(path.join(dir, 'test.sqlite'));
  cities = cityStore(db);
  for (const code of ['nat-fr', 'icc', 'nat-es', 'odd,code']) {
    cities.createNetwork({ code, name: code, kind: code === 'icc' ? 'international' : 'national' });
  }
  cities.create({ code: 'C2', name: 'Bilbao', country: 'ES', sizeBand: 'medium', population: 345_000, joinedYear: 2010, isSynthetic: true }, ['nat-es', 'icc']);
  cities.create({ code: 'C1', name: 'Arles', country: 'FR' }, []);
  cities.create({ code: 'C3', name: 'Cádiz', country: 'ES', nameFr: 'Cadix' }, ['odd,code', 'icc']);
  cities.create({ code: 'C4', name: 'Dijon', country: 'FR', lastIndexYear: 2024 }, ['nat-fr', 'icc']);
});

afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the list has every city by name with its fields and its network codes sorted', () => {
  expect(cities.list()).toEqual([
    { id: 2, code: 'C1', name: 'Arles', nameFr: null, country: 'FR', sizeBand: null, population: null, joinedYear: null, lastIndexYear: null, isSynthetic: false, networks: [] },
    { id: 1, code: 'C2', name: 'Bilbao', nameFr: null, country: 'ES', sizeBand: 'medium', population: 345_000, joinedYear: 2010, lastIndexYear: null, isSynthetic: true, networks: ['icc', 'nat-es'] },
    // A code holding a comma comes apart, as the group_concat of the single-city queries has it.
    { id: 3, code: 'C3', name: 'Cádiz', nameFr: 'Cadix', country: 'ES', sizeBand: null, population: null, joinedYear: null, lastIndexYear: null, isSynthetic: false, networks: ['code', 'icc', 'odd'] },
    { id: 4, code: 'C4', name: 'Dijon', nameFr: null, country: 'FR', sizeBand: null, population: null, joinedYear: null, lastIndexYear: 2024, isSynthetic: false, networks: ['icc', 'nat-fr'] },
  ]);
});

test('each city of the list is the city get reads alone', () => {
  const list = cities.list();
  expect(list).toHaveLength(4);
  for (const city of list) expect(city).toEqual(cities.get({ id: city.id }));
});
