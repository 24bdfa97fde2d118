import type { Clock } from '../clock';
import type { Db } from '../db';
import { notFound } from '../errors';
import type { CityStore } from '../stores/cities';
import type { PeopleStore } from '../stores/people';
import { personDataStore } from '../stores/person-data';

/**
 * Everything the platform holds about one team member, for a data-protection request (right of access):
 * their record, their city and its networks, their other team records under the same address, the emails
 * sent (or queued) to them, the audit entries about them and the answer changes signed with their name in
 * their city's responses. Message bodies are not stored (they hold the city's link), so they cannot be
 * exported; the subjects are.
 */
export function personExport(d: { db: Db; cities: CityStore; people: PeopleStore; clock: Clock }) {
  const data = personDataStore(d.db);
  const cityOf = (cityId: number) => {
    const c = d.cities.get({ id: cityId });
    return c ? { id: c.id, code: c.code, name: c.name, nameFr: c.nameFr, country: c.country, networks: c.networks } : null;
  };
  return {
    export({ personId }: { personId: number }) {
      const person = d.people.get({ id: personId });
      if (!person) throw notFound(`No person with id ${personId}.`);
      return {
        kind: 'icc-survey-person-data',
        exportedAt: d.clock.now().toISOString(),
        person,
        city: cityOf(person.cityId),
        otherTeams: data.otherRecords({ personId, email: person.email }).map((r) => ({ person: d.people.get({ id: r.id })!, city: cityOf(r.cityId) })),
        emails: data.mailTo({ personId, cityId: person.cityId, email: person.email }),
        auditEntries: data.auditAbout({ personId }),
        answerChanges: data.changesSignedBy({ cityId: person.cityId, name: person.name }),
        notes: [
          'Email bodies are not stored (they contain the city’s survey link); subjects, addresses and delivery status are.',
          'Answer changes are matched on the name typed when answering, within the person’s city; the name is optional, so some changes may be unsigned.',
        ],
      };
    },
  };
}
export type PersonExport = ReturnType<typeof personExport>;
