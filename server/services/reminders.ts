import type { Clock } from '../clock';
import type { Db } from '../db';
import { deadlineOf, dueReminder, reminderTimes } from '../domain/reminder-schedule';
import { invalid } from '../errors';
import type { Composed, MailQueue } from '../mail/mail-queue';
import { renderReminder, type MailTemplate, type TemplateKind } from '../mail/templates';
import type { City, CityStore } from '../stores/cities';
import type { LinkStore } from '../stores/links';
import type { MailLogEntry, MailLogStore } from '../stores/mail-log';
import type { MailLang, PeopleStore } from '../stores/people';
import type { ReminderStore } from '../stores/reminders';
import type { ResponseStore } from '../stores/responses';
import type { Survey, SurveyStore } from '../stores/surveys';
import type { SurveysAdmin } from './surveys-admin';

const cityName = (city: City, lang: MailLang) => (lang === 'fr' && city.nameFr ? city.nameFr : city.name);

export type ReminderState = 'upcoming' | 'due' | 'planned' | 'skipped';

/**
 * Reminders before a survey's deadline (by default 14, 7 and 2 days before), to the consenting team members of
 * invited cities that have not submitted, each in their language, saying how far the city has got.
 *
 * Planning and sending are apart. `plan` runs on a timer (startReminderSchedule) and, when a reminder is due,
 * writes the round and one mail_log row per recipient in one IMMEDIATE transaction: the round's row makes a
 * second process (or a restart) skip it, and each email's dedupe key (survey, deadline, days, person) makes a
 * duplicate impossible even so. The mail queue then sends the rows like invitations, retrying failures with
 * backoff. Whether a reminder is still wanted is checked again when it is sent (`compose`): a city that has
 * submitted meanwhile, a closed survey or a passed deadline cancels it.
 */
export function reminderService(d: {
  db: Db;
  admin: SurveysAdmin;
  surveys: SurveyStore;
  cities: CityStore;
  people: PeopleStore;
  links: LinkStore;
  responses: ResponseStore;
  mailLog: MailLogStore;
  reminders: ReminderStore;
  clock: Clock;
  /** The survey's edited template, when the Unit changed it (services/mail-templates.ts); the default otherwise. */
  templateFor?: (t: { surveyId: number; kind: TemplateKind; lang: MailLang }) => MailTemplate;
}) {
  /** Queues the reminder of `survey` due at `now`, once; returns the number of emails queued, or undefined. */
  function planSurvey(survey: Survey, now: Date): { daysBefore: number; queued: number } | undefined {
    const due = dueReminder({ closesAt: survey.closesAt, days: d.reminders.daysOf({ surveyId: survey.id }), now });
    const deadline = deadlineOf(survey.closesAt);
    if (!due || !deadline) return undefined;
    const round = { surveyId: survey.id, deadline: deadline.key, daysBefore: due.daysBefore };
    const batch = `reminder:${survey.id}:${deadline.key}:${due.daysBefore}`;
    return d.db
      .transaction(() => {
        if (!d.reminders.claimRound({ ...round, dueAt: due.dueAt, now })) return undefined;
        const statuses = d.responses.statusBySurvey({ surveyId: survey.id });
        let queued = 0;
        for (const link of d.links.activityBySurvey({ surveyId: survey.id }).values()) {
          // Only cities invited before the reminder was due: one invited since has just had its invitation.
          if (!link.hasActiveLink || link.firstCreatedAt > due.dueAt.toISOString()) continue;
          if (statuses.get(link.cityId)?.status === 'submitted') continue;
          const city = d.cities.get({ id: link.cityId });
          if (!city) continue;
          for (const person of d.people.listByCity({ cityId: city.id })) {
            if (!person.consent) continue;
            // The subject is logged now; the body (link, progress) is rendered when the email is sent.
            const { subject } = renderReminder(person.lang, {
              name: person.name,
              city: cityName(city, person.lang),
              year: survey.year,
              closesAt: survey.closesAt,
              progress: null,
              link: '',
            }, d.templateFor?.({ surveyId: survey.id, kind: 'reminder', lang: person.lang }));
            const id = d.mailLog.enqueue({
              surveyId: survey.id,
              cityId: city.id,
              personId: person.id,
              kind: 'reminder',
              batch,
              dedupeKey: `${batch}:${person.id}`,
              to: person.email,
              lang: person.lang,
              subject,
              requestedBy: null,
              now,
            });
            if (id !== undefined) queued++;
          }
        }
        d.reminders.setQueued({ ...round, queued });
        return { daysBefore: due.daysBefore, queued };
      })
      .immediate();
  }

  return {
    /**
     * Plans the reminders due now for every open survey with a close date. Safe to call often, from several
     * processes: a round is planned once. Returns what was planned by this call.
     */
    plan(): { surveyId: number; daysBefore: number; queued: number }[] {
      const now = d.clock.now();
      const planned: { surveyId: number; daysBefore: number; queued: number }[] = [];
      for (const survey of d.surveys.list()) {
        if (survey.status !== 'open' || !survey.closesAt) continue;
        const outcome = planSurvey(survey, now);
        if (outcome) planned.push({ surveyId: survey.id, ...outcome });
      }
      return planned;
    },

    /** A queued reminder as it is sent, or why it is no longer wanted. */
    compose(entry: MailLogEntry): Composed {
      if (entry.kind !== 'reminder') return { cancel: `Not a reminder: '${entry.kind}'.` };
      const person = entry.personId === null ? undefined : d.people.get({ id: entry.personId });
      if (!person || person.cityId !== entry.cityId) return { cancel: 'The person was removed from the team before the email was sent.' };
      if (!person.consent) return { cancel: 'The person withdrew their agreement to email before it was sent.' };
      const survey = d.surveys.get({ id: entry.surveyId });
      const city = d.cities.get({ id: entry.cityId });
      if (!survey || !city) return { cancel: 'The survey or the city no longer exists.' };
      if (survey.status !== 'open') return { cancel: 'The survey was closed before the reminder was sent.' };
      const deadline = deadlineOf(survey.closesAt);
      if (deadline && d.clock.now().getTime() >= deadline.endsAt.getTime()) return { cancel: 'The deadline passed before the reminder was sent.' };
      const response = d.responses.get({ surveyId: survey.id, cityId: city.id });
      if (response?.status === 'submitted') return { cancel: 'The city submitted its answers before the reminder was sent.' };
      const { url } = d.admin.linkFor({ surveyId: survey.id, cityId: city.id });
      const rendered = renderReminder(person.lang, {
        name: person.name,
        city: cityName(city, person.lang),
        year: survey.year,
        closesAt: survey.closesAt,
        progress: response && response.revision > 0 ? response.progress : null,
        link: url,
      }, d.templateFor?.({ surveyId: survey.id, kind: 'reminder', lang: person.lang }));
      return {
        mail: { to: { name: person.name, address: person.email }, lang: person.lang, ...rendered, headers: { 'X-ICC-Mail-Id': String(entry.id) } },
      };
    },

    /** The survey's schedule: each reminder of the current deadline with its state, and every round planned. */
    schedule({ surveyId }: { surveyId: number }) {
      const survey = d.admin.requireSurvey(surveyId);
      const days = d.reminders.daysOf({ surveyId });
      const rounds = d.reminders.rounds({ surveyId });
      const deadline = deadlineOf(survey.closesAt);
      const now = d.clock.now();
      const due = survey.status === 'open' ? dueReminder({ closesAt: survey.closesAt, days, now }) : undefined;
      const reminders = reminderTimes(survey.closesAt, days).map((r) => {
        const round = rounds.find((x) => x.deadline === deadline?.key && x.daysBefore === r.daysBefore);
        const state: ReminderState = round
          ? 'planned'
          : due?.daysBefore === r.daysBefore
            ? 'due'
            : r.dueAt.getTime() > now.getTime() && survey.status !== 'closed'
              ? 'upcoming'
              : 'skipped';
        return { daysBefore: r.daysBefore, dueAt: r.dueAt.toISOString(), state, queued: round?.queued ?? null, plannedAt: round?.plannedAt ?? null };
      });
      return { surveyId, status: survey.status, closesAt: survey.closesAt, days, reminders, rounds };
    },

    setDays({ surveyId, days }: { surveyId: number; days: number[] }) {
      d.admin.requireSurvey(surveyId);
      if (new Set(days).size !== days.length) throw invalid('Each number of days may appear once.', { problems: ['days: duplicates'] });
      d.reminders.setDays({ surveyId, days });
      return this.schedule({ surveyId });
    },
  };
}
export type ReminderService = ReturnType<typeof reminderService>;

/**
 * Runs the reminders on a timer: each tick plans what is due and wakes the mail queue, which also sends the
 * retries whose time has come. The state is in SQLite, so a restart simply carries on; ticks are cheap (a
 * few queries per open survey). Returns `tick` (tests drive it with the fake clock) and `stop`.
 */
export function startReminderSchedule(d: {
  reminders: ReminderService;
  mail: MailQueue;
  log: (line: string) => void;
  intervalMs?: number;
}) {
  const tick = () => {
    try {
      d.reminders.plan();
    } catch (err) {
      d.log(`reminders: planning failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
    d.mail.kick();
  };
  tick();
  const timer = setInterval(tick, d.intervalMs ?? 60_000);
  timer.unref();
  return {
    tick,
    stop(): void {
      clearInterval(timer);
    },
  };
}
