import type { Clock } from '../clock';
import { toICalendar } from '../domain/icalendar';
import { deadlineOf, reminderTimes } from '../domain/reminder-schedule';
import { invalid, notFound } from '../errors';
import type { CampaignStore } from '../stores/campaign';
import type { KeyDateFields, KeyDateKind, KeyDateStore } from '../stores/key-dates';
import type { ReminderStore } from '../stores/reminders';
import type { Survey, SurveyStore } from '../stores/surveys';
import { frenchTitle, isAnnualSurvey, plainText, type SurveysAdmin } from './surveys-admin';

/** One entry of a survey's calendar: added by the Unit (`id` set) or read from the survey (`automatic`). */
export interface KeyDate {
  /** Stable within the survey: `open`, `close`, `reminder-14`, `event-12`; part of the iCalendar UID. */
  key: string;
  /** The stored row's id, for editing; null for automatic entries. */
  id: number | null;
  automatic: boolean;
  kind: KeyDateKind;
  date: string;
  endDate: string | null;
  titleEn: string;
  titleFr: string;
  descriptionEn: string | null;
  descriptionFr: string | null;
}

export type KeyDateInput = Omit<KeyDateFields, 'endDate' | 'descriptionEn' | 'descriptionFr' | 'kind'> &
  Partial<Pick<KeyDateFields, 'endDate' | 'descriptionEn' | 'descriptionFr' | 'kind'>>;

const dayOf = (value: string | null): string | null => {
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 10);
};

/**
 * The key dates of a survey (Rec 12): its opening, its deadline and its reminder days, read from the survey so
 * they never disagree with it, plus the events the Unit adds. Shown to coordinators on their survey page and
 * exported as an iCalendar file.
 */
export function calendarService(d: {
  admin: SurveysAdmin;
  surveys: SurveyStore;
  keyDates: KeyDateStore;
  reminders: ReminderStore;
  campaign: CampaignStore;
  clock: Clock;
  publicUrl: () => string;
}) {
  /**
   * What the automatic key dates and the calendar call a survey, in English and French: "ICC annual survey 2026"
   * for the annual survey (isAnnualSurvey), else the survey's own
   * title (a pilot or another questionnaire of the Unit), read from its published version, else its draft.
   */
  function namesOf(survey: Survey): { en: string; fr: string; annual: boolean } {
    if (isAnnualSurvey(survey.code)) {
      return { en: `ICC annual survey ${survey.year}`, fr: `Enquête annuelle ICC ${survey.year}`, annual: true };
    }
    const definition = d.surveys.currentVersion({ surveyId: survey.id })?.definition ?? {};
    const en = plainText(definition.title).trim() || survey.title;
    return { en, fr: frenchTitle(definition, en), annual: false };
  }

  function automatic(survey: Survey): KeyDate[] {
    const base = { id: null, automatic: true, endDate: null, descriptionEn: null, descriptionFr: null };
    const name = namesOf(survey);
    const out: KeyDate[] = [];
    const opens = dayOf(survey.opensAt) ?? dayOf(d.campaign.firstPublishedAt({ surveyId: survey.id }));
    if (opens) {
      out.push({
        ...base,
        key: 'open',
        kind: 'open',
        date: opens,
        titleEn: `${name.en} opens`,
        titleFr: name.annual ? `Ouverture de l'enquête annuelle ICC ${survey.year}` : `Ouverture : ${name.fr}`,
      });
    }
    const deadline = deadlineOf(survey.closesAt);
    if (deadline) {
      out.push({
        ...base,
        key: 'close',
        kind: 'close',
        date: deadline.day,
        titleEn: `${name.en}: deadline for answers`,
        titleFr: `${name.fr} : date limite des réponses`,
      });
      for (const r of reminderTimes(survey.closesAt, d.reminders.daysOf({ surveyId: survey.id }))) {
        const n = r.daysBefore;
        out.push({
          ...base,
          key: `reminder-${n}`,
          kind: 'reminder',
          date: r.dueAt.toISOString().slice(0, 10),
          titleEn: `${name.en}: reminder to cities that have not submitted (${n} ${n === 1 ? 'day' : 'days'} before the deadline)`,
          titleFr: `${name.fr} : rappel aux villes qui n'ont pas encore envoyé leurs réponses (${n} ${n === 1 ? 'jour' : 'jours'} avant la date limite)`,
        });
      }
    }
    return out;
  }

  function list({ surveyId }: { surveyId: number }): KeyDate[] {
    const survey = d.admin.requireSurvey(surveyId);
    const added: KeyDate[] = d.keyDates.listBySurvey({ surveyId }).map((k) => ({
      key: `event-${k.id}`,
      id: k.id,
      automatic: false,
      kind: k.kind,
      date: k.date,
      endDate: k.endDate,
      titleEn: k.titleEn,
      titleFr: k.titleFr,
      descriptionEn: k.descriptionEn,
      descriptionFr: k.descriptionFr,
    }));
    return [...automatic(survey), ...added].sort((a, b) => a.date.localeCompare(b.date) || a.key.localeCompare(b.key));
  }

  function requireKeyDate(surveyId: number, id: number) {
    d.admin.requireSurvey(surveyId);
    const k = d.keyDates.get({ id });
    if (!k || k.surveyId !== surveyId) throw notFound(`No key date ${id} in survey ${surveyId}.`);
    return k;
  }

  function checkRange(f: { date: string; endDate: string | null }) {
    if (f.endDate && f.endDate < f.date) throw invalid('endDate: must not be before date.', { problems: ['endDate: before date'] });
  }

  const host = () => {
    try {
      return new URL(d.publicUrl()).hostname || 'localhost';
    } catch {
      return 'localhost';
    }
  };

  return {
    list,

    create({ surveyId, input }: { surveyId: number; input: KeyDateInput }): KeyDate {
      d.admin.requireSurvey(surveyId);
      const fields: KeyDateFields = { endDate: null, descriptionEn: null, descriptionFr: null, kind: 'event', ...input };
      checkRange(fields);
      const id = d.keyDates.create({ ...fields, surveyId, now: d.clock.now() });
      return list({ surveyId }).find((k) => k.id === id)!;
    },

    update({ surveyId, id, changes }: { surveyId: number; id: number; changes: Partial<KeyDateFields> }): KeyDate {
      const current = requireKeyDate(surveyId, id);
      const fields: KeyDateFields = {
        date: changes.date ?? current.date,
        endDate: changes.endDate !== undefined ? changes.endDate : current.endDate,
        titleEn: changes.titleEn ?? current.titleEn,
        titleFr: changes.titleFr ?? current.titleFr,
        descriptionEn: changes.descriptionEn !== undefined ? changes.descriptionEn : current.descriptionEn,
        descriptionFr: changes.descriptionFr !== undefined ? changes.descriptionFr : current.descriptionFr,
        kind: changes.kind ?? current.kind,
      };
      checkRange(fields);
      d.keyDates.update({ ...fields, id, now: d.clock.now() });
      return list({ surveyId }).find((k) => k.id === id)!;
    },

    remove({ surveyId, id }: { surveyId: number; id: number }): void {
      requireKeyDate(surveyId, id);
      d.keyDates.delete({ id });
    },

    /** The survey's key dates as an iCalendar file, titles in `lang`; UIDs are stable so a re-import updates. */
    ics({ surveyId, lang }: { surveyId: number; lang: 'en' | 'fr' }): { filename: string; body: string } {
      const survey = d.admin.requireSurvey(surveyId);
      const events = list({ surveyId }).map((k) => ({
        uid: `icc-survey-${survey.id}-${k.key}@${host()}`,
        date: k.date,
        endDate: k.endDate,
        summary: lang === 'fr' ? k.titleFr : k.titleEn,
        description: lang === 'fr' ? k.descriptionFr : k.descriptionEn,
        category: k.kind,
      }));
      const names = namesOf(survey);
      const name = lang === 'fr' ? `${names.fr} : dates clés` : `${names.en}: key dates`;
      return { filename: `icc-survey-${survey.year}-key-dates${lang === 'fr' ? '-fr' : ''}.ics`, body: toICalendar({ name, events, now: d.clock.now() }) };
    },
  };
}
export type CalendarService = ReturnType<typeof calendarService>;
