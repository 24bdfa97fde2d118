import crypto from 'node:crypto';
import type { Clock } from '../clock';
import type { Db } from '../db';
import { notFound } from '../errors';
import type { Composed } from '../mail/mail-queue';
import { renderInvitation } from '../mail/templates';
import type { CityStore, City } from '../stores/cities';
import type { MailLogEntry, MailLogStore } from '../stores/mail-log';
import type { MailLang, PeopleStore } from '../stores/people';
import type { SurveyStore } from '../stores/surveys';
import type { SurveysAdmin } from './surveys-admin';

export interface InvitationOutcome {
  /** The contract's answer: one working link per city, in the order asked, each city once. */
  links: { cityId: number; url: string }[];
  /** Emails queued (team members who agreed to email). */
  queued: number;
  /** Team members not emailed because they have not agreed to it. */
  withoutConsent: number;
}

const cityName = (city: City, lang: MailLang) => (lang === 'fr' && city.nameFr ? city.nameFr : city.name);

/** Invitations: the city's link, emailed to each consenting member of its coordination team. */
export function invitationService(d: {
  db: Db;
  admin: SurveysAdmin;
  surveys: SurveyStore;
  cities: CityStore;
  people: PeopleStore;
  mailLog: MailLogStore;
  clock: Clock;
  /** Called once emails are queued (starts the sender). */
  onQueued: () => void;
}) {
  return {
    /**
     * Returns each city's link (creating it once: idempotent) and queues the invitation email to every team
     * member who agreed to email. Asking again resends: each request is a new batch of emails, with the same links.
     * Nothing is written when a city is unknown.
     */
    invite({ surveyId, cityIds, requestedBy }: { surveyId: number; cityIds: number[]; requestedBy: number | null }): InvitationOutcome {
      const survey = d.admin.requireSurvey(surveyId);
      const cities: City[] = [];
      for (const cityId of new Set(cityIds)) {
        const city = d.cities.get({ id: cityId });
        if (!city) throw notFound(`No city with id ${cityId}.`);
        cities.push(city);
      }
      const batch = crypto.randomUUID();
      const now = d.clock.now();
      const outcome = d.db.transaction((): InvitationOutcome => {
        let queued = 0;
        let withoutConsent = 0;
        const links = cities.map((city) => {
          const link = d.admin.linkFor({ surveyId, cityId: city.id });
          for (const person of d.people.listByCity({ cityId: city.id })) {
            if (!person.consent) {
              withoutConsent++;
              continue;
            }
            // The subject is logged now; the body, which holds the link, is rendered only when sent.
            const { subject } = renderInvitation(person.lang, {
              name: person.name,
              city: cityName(city, person.lang),
              year: survey.year,
              closesAt: survey.closesAt,
              link: '',
            });
            const id = d.mailLog.enqueue({
              surveyId,
              cityId: city.id,
              personId: person.id,
              kind: 'invitation',
              batch,
              dedupeKey: `invitation:${batch}:${person.id}`,
              to: person.email,
              lang: person.lang,
              subject,
              requestedBy,
              now,
            });
            if (id !== undefined) queued++;
          }
          return link;
        });
        return { links, queued, withoutConsent };
      })();
      if (outcome.queued > 0) d.onQueued();
      return outcome;
    },

    /** The email of a queued row, rendered as it is sent: the current link, name, language and consent. */
    compose(entry: MailLogEntry): Composed {
      if (entry.kind !== 'invitation') return { cancel: `No template for '${entry.kind}' emails yet.` };
      const person = entry.personId === null ? undefined : d.people.get({ id: entry.personId });
      if (!person || person.cityId !== entry.cityId) return { cancel: 'The person was removed from the team before the email was sent.' };
      if (!person.consent) return { cancel: 'The person withdrew their agreement to email before it was sent.' };
      const survey = d.surveys.get({ id: entry.surveyId });
      const city = d.cities.get({ id: entry.cityId });
      if (!survey || !city) return { cancel: 'The survey or the city no longer exists.' };
      const { url } = d.admin.linkFor({ surveyId: survey.id, cityId: city.id });
      const rendered = renderInvitation(person.lang, {
        name: person.name,
        city: cityName(city, person.lang),
        year: survey.year,
        closesAt: survey.closesAt,
        link: url,
      });
      return {
        mail: {
          to: { name: person.name, address: person.email },
          lang: person.lang,
          ...rendered,
          headers: { 'X-ICC-Mail-Id': String(entry.id) },
        },
      };
    },
  };
}
export type InvitationService = ReturnType<typeof invitationService>;
