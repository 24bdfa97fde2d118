import type { Db } from '../db';

export interface City {
  id: number;
  code: string;
  name: string;
  nameFr: string | null;
  country: string;
  sizeBand: string | null;
  population: number | null;
  joinedYear: number | null;
  lastIndexYear: number | null;
  isSynthetic: boolean;
  networks: string[];
}
interface CityRow {
  id: number;
  code: string;
  name: string;
  name_fr: string | null;
  country: string;
  size_band: string | null;
  population: number | null;
  joined_year: number | null;
  last_index_year: number | null;
  is_synthetic: number;
  networks: string | null;
}
export interface NewCity {
  code: string;
  name: string;
  nameFr?: string | null;
  country: string;
  sizeBand?: string | null;
  population?: number | null;
  joinedYear?: number | null;
  lastIndexYear?: number | null;
  isSynthetic?: boolean;
}
export interface NewNetwork {
  code: string;
  name: string;
  nameFr?: string | null;
  kind: 'international' | 'national';
  country?: string | null;
}

/** A network of cities (the international one, national ones), with how many cities belong to it. */
export interface Network {
  id: number;
  code: string;
  name: string;
  nameFr: string | null;
  kind: 'international' | 'national';
  country: string | null;
  members: number;
}
interface NetworkRow {
  id: number;
  code: string;
  name: string;
  name_fr: string | null;
  kind: 'international' | 'national';
  country: string | null;
  members: number;
}
const toNetwork = (n: NetworkRow): Network => ({ id: n.id, code: n.code, name: n.name, nameFr: n.name_fr, kind: n.kind, country: n.country, members: n.members });

const SELECT_CITY = `SELECT c.*, (SELECT group_concat(n.code, ',') FROM city_networks cn JOIN networks n ON n.id = cn.network_id
  WHERE cn.city_id = c.id) AS networks FROM cities c`;

const toCity = (r: CityRow): City => cityOf(r, r.networks ? r.networks.split(',') : []);
/** A city of its row and its network codes (sorted here). */
const cityOf = (r: Omit<CityRow, 'networks'>, networks: string[]): City => ({
  id: r.id,
  code: r.code,
  name: r.name,
  nameFr: r.name_fr,
  country: r.country,
  sizeBand: r.size_band,
  population: r.population,
  joinedYear: r.joined_year,
  lastIndexYear: r.last_index_year,
  isSynthetic: r.is_synthetic === 1,
  networks: networks.sort(),
});

/**
 * A city's network codes as the single-city queries read them from their group_concat (comma-joined, then split):
 * the codes themselves when none is empty or holds a comma (always, in practice), rather than joined and split
 * again for each of 100,000 cities.
 */
function networksOf(codes: string[] | undefined): string[] {
  if (codes === undefined) return [];
  if (!codes.some((c) => c === '' || c.includes(','))) return codes;
  const joined = codes.join(',');
  return joined ? joined.split(',') : [];
}

export function cityStore(db: Db) {
  // The whole list: the cities, then every membership in one query (a network subquery per city was half the time
  // of listing 100,000 cities), joined as group_concat would have them.
  const all = db.prepare<[], Omit<CityRow, 'networks'>>('SELECT c.* FROM cities c ORDER BY c.name');
  const memberships = db
    .prepare<[], [number, string]>('SELECT cn.city_id, n.code FROM city_networks cn JOIN networks n ON n.id = cn.network_id')
    .raw(true);
  const byId = db.prepare<[number], CityRow>(`${SELECT_CITY} WHERE c.id = ?`);
  const byCode = db.prepare<[string], CityRow>(`${SELECT_CITY} WHERE c.code = ?`);
  const insertCity = db.prepare(
    `INSERT INTO cities (code, name, name_fr, country, size_band, population, joined_year, last_index_year, is_synthetic)
     VALUES (@code, @name, @nameFr, @country, @sizeBand, @population, @joinedYear, @lastIndexYear, @isSynthetic)`,
  );
  const insertNetwork = db.prepare(
    'INSERT INTO networks (code, name, name_fr, kind, country) VALUES (@code, @name, @nameFr, @kind, @country)',
  );
  const networkByCode = db.prepare<[string], { id: number }>('SELECT id FROM networks WHERE code = ?');
  const join = db.prepare('INSERT OR IGNORE INTO city_networks (city_id, network_id) VALUES (?, ?)');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM cities');
  const updateCity = db.prepare(
    `UPDATE cities SET name = @name, name_fr = @nameFr, country = @country, size_band = @sizeBand, population = @population,
       joined_year = @joinedYear, last_index_year = @lastIndexYear
     WHERE id = @id`,
  );
  const leaveNetworks = db.prepare<[number]>('DELETE FROM city_networks WHERE city_id = ?');
  const networks = db.prepare<[], NetworkRow>(
    `SELECT n.id, n.code, n.name, n.name_fr, n.kind, n.country, (SELECT count(*) FROM city_networks cn WHERE cn.network_id = n.id) AS members
     FROM networks n ORDER BY n.kind, n.name`,
  );
  const networkById = db.prepare<[number], NetworkRow>(
    `SELECT n.id, n.code, n.name, n.name_fr, n.kind, n.country, (SELECT count(*) FROM city_networks cn WHERE cn.network_id = n.id) AS members
     FROM networks n WHERE n.id = ?`,
  );
  const updateNetwork = db.prepare('UPDATE networks SET name = @name, name_fr = @nameFr, kind = @kind, country = @country WHERE id = @id');
  const deleteNetwork = db.prepare<[number]>('DELETE FROM networks WHERE id = ?');

  return {
    list(): City[] {
      // One transaction: both queries see the same state, as the single query did.
      return db.transaction(() => {
        const codesByCity = new Map<number, string[]>();
        for (const [cityId, code] of memberships.all()) {
          const codes = codesByCity.get(cityId);
          if (codes) codes.push(code);
          else codesByCity.set(cityId, [code]);
        }
        return all.all().map((r) => cityOf(r, networksOf(codesByCity.get(r.id))));
      })();
    },
    get({ id }: { id: number }): City | undefined {
      const r = byId.get(id);
      return r && toCity(r);
    },
    getByCode({ code }: { code: string }): City | undefined {
      const r = byCode.get(code);
      return r && toCity(r);
    },
    count(): number {
      return count.get()?.n ?? 0;
    },
    create(c: NewCity, networkCodes: string[] = []): number {
      const id = Number(
        insertCity.run({
          code: c.code,
          name: c.name,
          nameFr: c.nameFr ?? null,
          country: c.country,
          sizeBand: c.sizeBand ?? null,
          population: c.population ?? null,
          joinedYear: c.joinedYear ?? null,
          lastIndexYear: c.lastIndexYear ?? null,
          isSynthetic: c.isSynthetic ? 1 : 0,
        }).lastInsertRowid,
      );
      for (const code of networkCodes) {
        const n = networkByCode.get(code);
        if (!n) throw new Error(`unknown network ${code}`);
        join.run(id, n.id);
      }
      return id;
    },
    /** Writes the city's roster fields back (callers merge the changes first); the code never changes. */
    update(c: Omit<City, 'code' | 'isSynthetic' | 'networks'>): void {
      updateCity.run({
        id: c.id,
        name: c.name,
        nameFr: c.nameFr,
        country: c.country,
        sizeBand: c.sizeBand,
        population: c.population,
        joinedYear: c.joinedYear,
        lastIndexYear: c.lastIndexYear,
      });
    },
    /** The city's networks become exactly these (codes of existing networks). */
    setNetworks({ cityId, networkCodes }: { cityId: number; networkCodes: string[] }): void {
      leaveNetworks.run(cityId);
      for (const code of networkCodes) {
        const n = networkByCode.get(code);
        if (!n) throw new Error(`unknown network ${code}`);
        join.run(cityId, n.id);
      }
    },
    createNetwork(n: NewNetwork): number {
      return Number(
        insertNetwork.run({ code: n.code, name: n.name, nameFr: n.nameFr ?? null, kind: n.kind, country: n.country ?? null })
          .lastInsertRowid,
      );
    },
    listNetworks(): Network[] {
      return networks.all().map(toNetwork);
    },
    getNetwork({ id }: { id: number }): Network | undefined {
      const r = networkById.get(id);
      return r && toNetwork(r);
    },
    /** Writes the network's names, kind and country back (the code never changes: files and exports use it). */
    updateNetwork(n: Omit<Network, 'code' | 'members'>): void {
      updateNetwork.run({ id: n.id, name: n.name, nameFr: n.nameFr, kind: n.kind, country: n.country });
    },
    deleteNetwork({ id }: { id: number }): boolean {
      return deleteNetwork.run(id).changes > 0;
    },
  };
}
export type CityStore = ReturnType<typeof cityStore>;
