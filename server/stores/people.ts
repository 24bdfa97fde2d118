import type { Db } from '../db';

export type PersonRole = 'staff' | 'elected' | 'other';
export type MailLang = 'en' | 'fr';

/** A member of a city's coordination team. */
export interface Person {
  id: number;
  cityId: number;
  name: string;
  role: PersonRole;
  email: string;
  lang: MailLang;
  /** Agreed to receive email from the platform; without it, nothing is sent to this person. */
  consent: boolean;
  consentAt: string | null;
  createdAt: string;
  updatedAt: string;
}
interface PersonRow {
  id: number;
  city_id: number;
  name: string;
  role: PersonRole;
  email: string;
  lang: MailLang;
  consent: number;
  consent_at: string | null;
  created_at: string;
  updated_at: string;
}
export interface NewPerson {
  cityId: number;
  name: string;
  role: PersonRole;
  email: string;
  lang: MailLang;
  consent: boolean;
  consentAt: string | null;
}
export type PersonChanges = Partial<Omit<NewPerson, 'cityId'>>;

const toPerson = (r: PersonRow): Person => ({
  id: r.id,
  cityId: r.city_id,
  name: r.name,
  role: r.role,
  email: r.email,
  lang: r.lang,
  consent: r.consent === 1,
  consentAt: r.consent_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function peopleStore(db: Db) {
  const byCity = db.prepare<[number], PersonRow>('SELECT * FROM people WHERE city_id = ? ORDER BY name, id');
  const byId = db.prepare<[number], PersonRow>('SELECT * FROM people WHERE id = ?');
  const byCityEmail = db.prepare<[number, string], PersonRow>('SELECT * FROM people WHERE city_id = ? AND email = ?');
  const insert = db.prepare(
    `INSERT INTO people (city_id, name, role, email, lang, consent, consent_at, created_at, updated_at)
     VALUES (@cityId, @name, @role, @email, @lang, @consent, @consentAt, @now, @now)`,
  );
  const update = db.prepare(
    `UPDATE people SET name = @name, role = @role, email = @email, lang = @lang, consent = @consent,
       consent_at = @consentAt, updated_at = @now
     WHERE id = @id`,
  );
  const remove = db.prepare<[number]>('DELETE FROM people WHERE id = ?');
  const counts = db.prepare<[], { city_id: number; members: number; consenting: number }>(
    'SELECT city_id, COUNT(*) AS members, SUM(consent) AS consenting FROM people GROUP BY city_id',
  );

  return {
    listByCity({ cityId }: { cityId: number }): Person[] {
      return byCity.all(cityId).map(toPerson);
    },
    get({ id }: { id: number }): Person | undefined {
      const r = byId.get(id);
      return r && toPerson(r);
    },
    /** The team member of this city with this address (case-insensitive), if any. */
    findByEmail({ cityId, email }: { cityId: number; email: string }): Person | undefined {
      const r = byCityEmail.get(cityId, email);
      return r && toPerson(r);
    },
    create(p: NewPerson & { now: Date }): number {
      return Number(
        insert.run({
          cityId: p.cityId,
          name: p.name,
          role: p.role,
          email: p.email,
          lang: p.lang,
          consent: p.consent ? 1 : 0,
          consentAt: p.consent ? p.consentAt : null,
          now: p.now.toISOString(),
        }).lastInsertRowid,
      );
    },
    /** Writes the whole person back (callers merge the changes first). */
    update(p: Person & { now: Date }): void {
      update.run({
        id: p.id,
        name: p.name,
        role: p.role,
        email: p.email,
        lang: p.lang,
        consent: p.consent ? 1 : 0,
        consentAt: p.consent ? p.consentAt : null,
        now: p.now.toISOString(),
      });
    },
    /** Team size and members who agreed to email, per city (cities without a team are absent). */
    countsByCity(): Map<number, { members: number; consenting: number }> {
      return new Map(counts.all().map((r) => [r.city_id, { members: r.members, consenting: r.consenting }]));
    },
    delete({ id }: { id: number }): boolean {
      return remove.run(id).changes > 0;
    },
  };
}
export type PeopleStore = ReturnType<typeof peopleStore>;
