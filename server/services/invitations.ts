import crypto from 'node:crypto';
import type { Clock } from '../clock';
import type { Db } from '../db';
import { AppError, notFound } from '../errors';
import type { Composed } from '../mail/mail-queue';
import { renderInvitation, renderReport, type MailTemplate, type TemplateKind } from '../mail/templates';
import type { CityStore, City } from '../stores/cities';
import type { MailLogEntry, MailLogStore } from '../stores/mail-log';
import type { MailLang, PeopleStore } from '../stores/people';
import type { ResponseStore } from '../stores/responses';
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

/** What `POST /reports/send` did: emails queued, and those not queued because they had gone before. */
export interface ReportMailOutcome {
  cities: number;
  queued: number;
  /** Consenting members who had been sent this report already (sent again only with `resend`). */
  alreadySent: number;
  withoutConsent: number;
  /** Cities with nobody who agreed to email. */
  citiesWithoutRecipient: number;
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
  responses: ResponseStore;
  clock: Clock;
  /** The survey's template of a kind (the Unit's own or the default): services/mail-templates.ts. */
  templateFor: (t: { surveyId: number; kind: TemplateKind; lang: MailLang }) => MailTemplate;
  /** Called once emails are queued (starts the sender). */
  onQueued: () => void;
}) {
  const requireCities = (cityIds: Iterable<number>): City[] =>
    [...new Set(cityIds)].map((cityId) => {
      const city = d.cities.get({ id: cityId });
      if (!city) throw notFound(`No city with id ${cityId}.`);
      return city;
    });

  /** Queues the invitation for each consenting member of the city (inside the caller's transaction). */
  function queueInvitations({ surveyId, year, closesAt, city, batch, requestedBy, now }: {
    surveyId: number; year: number; closesAt: string | null; city: City; batch: string; requestedBy: number | null; now: Date;
  }): { queued: number; withoutConsent: number } {
    let queued = 0;
    let withoutConsent = 0;
    for (const person of d.people.listByCity({ cityId: city.id })) {
      if (!person.consent) {
        withoutConsent++;
        continue;
      }
      // The subject is logged now; the body, which holds the link, is rendered only when sent.
      const { subject } = renderInvitation(
        person.lang,
        { name: person.name, city: cityName(city, person.lang), year, closesAt, link: '' },
        d.templateFor({ surveyId, kind: 'invitation', lang: person.lang }),
      );
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
    return { queued, withoutConsent };
  }

  return {
    /**
     * Returns each city's link (creating it once: idempotent) and queues the invitation email to every team
     * member who agreed to email. Asking again resends: each request is a new batch of emails, with the same links.
     * Nothing is written when a city is unknown.
     */
    invite({ surveyId, cityIds, requestedBy }: { surveyId: number; cityIds: number[]; requestedBy: number | null }): InvitationOutcome {
      const survey = d.admin.requireSurvey(surveyId);
      const cities = requireCities(cityIds);
      const batch = crypto.randomUUID();
      const now = d.clock.now();
      const outcome = d.db.transaction((): InvitationOutcome => {
        let queued = 0;
        let withoutConsent = 0;
        const links = cities.map((city) => {
          const link = d.admin.linkFor({ surveyId, cityId: city.id });
          const n = queueInvitations({ surveyId, year: survey.year, closesAt: survey.closesAt, city, batch, requestedBy, now });
          queued += n.queued;
          withoutConsent += n.withoutConsent;
          return link;
        });
        return { links, queued, withoutConsent };
      })();
      if (outcome.queued > 0) d.onQueued();
      return outcome;
    },

    /**
     * A team member left (or a link leaked): the city's link is revoked and a new one issued, and the invitation
     * with the new link is queued for the members who agreed to email, in one transaction. The old link then gets
     * the 'replaced' page; the city's answers stay with the city (they belong to the city and survey, not the link).
     */
    reissue({ surveyId, cityId, requestedBy }: { surveyId: number; cityId: number; requestedBy: number | null }) {
      const survey = d.admin.requireSurvey(surveyId);
      const [city] = requireCities([cityId]);
      const now = d.clock.now();
      const outcome = d.db.transaction(() => {
        const link = d.admin.linkFor({ surveyId, cityId, reissue: true });
        const n = queueInvitations({ surveyId, year: survey.year, closesAt: survey.closesAt, city: city!, batch: crypto.randomUUID(), requestedBy, now });
        return { ...link, ...n };
      })();
      if (outcome.queued > 0) d.onQueued();
      return outcome;
    },

    /**
     * Emails each consenting member of the cities their city's feedback report link (`/r/<token>/report`), once
     * the survey is closed (409 `not_closed` before). Idempotent per person: a person who was sent this survey's
     * report (or has it queued) is not sent it again unless `resend`; a failed or cancelled one is retried.
     * `cityIds: 'all'` means every city that answered (a response exists).
     */
    sendReports({ surveyId, cityIds, resend, requestedBy }: { surveyId: number; cityIds: number[] | 'all'; resend: boolean; requestedBy: number | null }): ReportMailOutcome {
      const survey = d.admin.requireSurvey(surveyId);
      if (survey.status !== 'closed') {
        throw new AppError('conflict', 'Close the survey before sending the reports: they must rest on final answers.', { reason: 'not_closed' });
      }
      const answered = d.responses.statusBySurvey({ surveyId });
      const cities = cityIds === 'all' ? d.cities.list().filter((c) => answered.has(c.id)) : requireCities(cityIds);
      const batch = crypto.randomUUID();
      const now = d.clock.now();
      const outcome = d.db.transaction((): ReportMailOutcome => {
        const out: ReportMailOutcome = { cities: cities.length, queued: 0, alreadySent: 0, withoutConsent: 0, citiesWithoutRecipient: 0 };
        for (const city of cities) {
          // The link is made now if the city has none, so the email can be composed later.
          d.admin.linkFor({ surveyId, cityId: city.id });
          let recipients = 0;
          for (const person of d.people.listByCity({ cityId: city.id })) {
            if (!person.consent) {
              out.withoutConsent++;
              continue;
            }
            recipients++;
            const { subject } = renderReport(
              person.lang,
              { name: person.name, city: cityName(city, person.lang), year: survey.year, link: '' },
              d.templateFor({ surveyId, kind: 'report', lang: person.lang }),
            );
            // Once per person and survey: a report queued or sent is not sent again unless `resend`; one that
            // failed or was cancelled (the survey reopened) is queued again by a plain second call. The check and
            // the insert are one transaction, and the key is this batch's.
            if (!resend && d.mailLog.hasLive({ surveyId, personId: person.id, kind: 'report' })) {
              out.alreadySent++;
              continue;
            }
            const id = d.mailLog.enqueue({
              surveyId,
              cityId: city.id,
              personId: person.id,
              kind: 'report',
              batch,
              dedupeKey: `report:${surveyId}:${person.id}:${batch}`,
              to: person.email,
              lang: person.lang,
              subject,
              requestedBy,
              now,
            });
            if (id === undefined) out.alreadySent++;
            else out.queued++;
          }
          if (recipients === 0) out.citiesWithoutRecipient++;
        }
        return out;
      })();
      if (outcome.queued > 0) d.onQueued();
      return outcome;
    },

    /** The email of a queued row, rendered as it is sent: the current link, name, language, consent and template. */
    compose(entry: MailLogEntry): Composed {
      if (entry.kind !== 'invitation' && entry.kind !== 'report') return { cancel: `No template for '${entry.kind}' emails here.` };
      const person = entry.personId === null ? undefined : d.people.get({ id: entry.personId });
      if (!person || person.cityId !== entry.cityId) return { cancel: 'The person was removed from the team before the email was sent.' };
      if (!person.consent) return { cancel: 'The person withdrew their agreement to email before it was sent.' };
      const survey = d.surveys.get({ id: entry.surveyId });
      const city = d.cities.get({ id: entry.cityId });
      if (!survey || !city) return { cancel: 'The survey or the city no longer exists.' };
      const { url } = d.admin.linkFor({ surveyId: survey.id, cityId: city.id });
      let rendered;
      if (entry.kind === 'report') {
        if (survey.status !== 'closed') return { cancel: 'The survey was reopened before the report was sent.' };
        rendered = renderReport(
          person.lang,
          { name: person.name, city: cityName(city, person.lang), year: survey.year, link: `${url}/report` },
          d.templateFor({ surveyId: survey.id, kind: 'report', lang: person.lang }),
        );
      } else {
        rendered = renderInvitation(
          person.lang,
          { name: person.name, city: cityName(city, person.lang), year: survey.year, closesAt: survey.closesAt, link: url },
          d.templateFor({ surveyId: survey.id, kind: 'invitation', lang: person.lang }),
        );
      }
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
