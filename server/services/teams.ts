import type { Clock } from '../clock';
import type { Db } from '../db';
import { AppError, invalid, notFound } from '../errors';
import type { CityStore } from '../stores/cities';
import type { MailLogStore } from '../stores/mail-log';
import type { NewPerson, PeopleStore, Person, PersonChanges } from '../stores/people';

/** The coordination teams of cities (Rec 7), kept by the ICC Unit. */
export function teamService(d: { db: Db; cities: CityStore; people: PeopleStore; mailLog: MailLogStore; clock: Clock }) {
  function requireCity(cityId: number) {
    if (!d.cities.get({ id: cityId })) throw notFound(`No city with id ${cityId}.`);
  }
  function requirePerson(cityId: number, personId: number): Person {
    requireCity(cityId);
    const person = d.people.get({ id: personId });
    if (!person || person.cityId !== cityId) throw notFound(`No person with id ${personId} in the team of city ${cityId}.`);
    return person;
  }
  function refuseDuplicate(cityId: number, email: string, except?: number) {
    const other = d.people.findByEmail({ cityId, email });
    if (other && other.id !== except) throw new AppError('conflict', `${email} is already in this city's team.`);
  }
  /** Consent is dated: now, unless the Unit gives the date it was collected (not in the future). */
  function consentDate(consent: boolean, given: string | null | undefined, previous: string | null, now: Date): string | null {
    if (!consent) {
      if (given) throw invalid('consentAt: a date of agreement needs consent: true.', { problems: ['consentAt: without consent'] });
      return null;
    }
    if (given) {
      if (new Date(given).getTime() > now.getTime()) throw invalid('consentAt: the agreement cannot be dated in the future.', { problems: ['consentAt: in the future'] });
      return new Date(given).toISOString();
    }
    return previous ?? now.toISOString();
  }

  return {
    list({ cityId }: { cityId: number }): Person[] {
      requireCity(cityId);
      return d.people.listByCity({ cityId });
    },

    add(p: Omit<NewPerson, 'consentAt'> & { consentAt?: string | null }): Person {
      requireCity(p.cityId);
      const now = d.clock.now();
      return d.db.transaction(() => {
        refuseDuplicate(p.cityId, p.email);
        const id = d.people.create({ ...p, consentAt: consentDate(p.consent, p.consentAt, null, now), now });
        return d.people.get({ id })!;
      })();
    },

    update({ cityId, personId, changes }: { cityId: number; personId: number; changes: PersonChanges }): Person {
      const now = d.clock.now();
      return d.db.transaction(() => {
        const current = requirePerson(cityId, personId);
        if (changes.email !== undefined) refuseDuplicate(cityId, changes.email, personId);
        const consent = changes.consent ?? current.consent;
        // A renewed agreement keeps its first date unless a new one is given; a withdrawn one loses it.
        const consentAt = consentDate(consent, changes.consentAt, current.consent ? current.consentAt : null, now);
        d.people.update({ ...current, ...changes, consent, consentAt, now });
        return d.people.get({ id: personId })!;
      })();
    },

    /** Removes the person; emails still queued for them are cancelled and their address leaves the mail log. */
    remove({ cityId, personId }: { cityId: number; personId: number }): void {
      const now = d.clock.now();
      d.db.transaction(() => {
        requirePerson(cityId, personId);
        d.mailLog.forgetPerson({ personId, now });
        d.people.delete({ id: personId });
      })();
    },
  };
}
export type TeamService = ReturnType<typeof teamService>;
