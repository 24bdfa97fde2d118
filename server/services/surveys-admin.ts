import { checkDefinition } from '../../surveys/default-surveys';
import type { Clock } from '../clock';
import { AppError, invalid, notFound } from '../errors';
import type { CityStore } from '../stores/cities';
import type { LinkStore } from '../stores/links';
import type { PeopleStore } from '../stores/people';
import type { ResponseStore } from '../stores/responses';
import type { SurveyStore, SurveyStatus } from '../stores/surveys';

export interface AdminDeps {
  surveys: SurveyStore;
  cities: CityStore;
  links: LinkStore;
  responses: ResponseStore;
  people: PeopleStore;
  clock: Clock;
  /** Base of respondent links, e.g. `https://survey.example.org`. */
  publicUrl: () => string;
}

/** The text of a localised SurveyJS string (`{default, fr}` or a plain string). */
export function plainText(v: unknown, locale: 'default' | 'fr' = 'default'): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const text = o[locale] ?? o.default ?? o.en;
    return typeof text === 'string' ? text : '';
  }
  return '';
}

/** The questionnaire's French title (its definition's `title.fr`), else `fallback` (the survey's stored title). */
export function frenchTitle(definition: Record<string, unknown>, fallback: string): string {
  const fr = (definition.title as Record<string, unknown> | undefined)?.fr;
  return typeof fr === 'string' && fr.trim() ? fr.trim() : fallback;
}

/**
 * The code of the annual survey (its definition's file name, surveys/icc-annual-survey.json), which every year's
 * copy keeps; a second survey posted for the same year gets `-2`, `-3`... (see create).
 */
export const ANNUAL_SURVEY_CODE = 'icc-annual-survey';
export const isAnnualSurvey = (code: string): boolean =>
  code === ANNUAL_SURVEY_CODE || (code.startsWith(`${ANNUAL_SURVEY_CODE}-`) && /^\d+$/.test(code.slice(ANNUAL_SURVEY_CODE.length + 1)));

/** The ICC Unit's operations on surveys and links. */
export function surveysAdmin(d: AdminDeps) {
  function requireSurvey(id: number) {
    const s = d.surveys.get({ id });
    if (!s) throw notFound('No survey with this id.');
    return s;
  }
  const linkUrl = (token: string) => `${d.publicUrl()}/r/${token}`;
  function withFrenchTitle<S extends { id: number; title: string }>(s: S): S & { titleFr: string } {
    const definition = d.surveys.currentVersion({ surveyId: s.id })?.definition ?? {};
    return { ...s, titleFr: frenchTitle(definition, s.title) };
  }

  return {
    requireSurvey,
    linkUrl,

    /** A survey as stored, with `titleFr` from its published version's definition, else its latest version's. */
    surveyWithTitles(id: number) {
      return withFrenchTitle(requireSurvey(id));
    },

    /** Every survey as listed (newest year first), each with its `titleFr` (see surveyWithTitles). */
    listWithTitles() {
      return d.surveys.list().map(withFrenchTitle);
    },

    /** Stores a posted definition as a new draft survey, after checking it. */
    create({ definition, year, code }: { definition: Record<string, unknown>; year: number; code?: string }) {
      const problems = checkDefinition(definition);
      if (problems.length > 0) {
        throw invalid(`The survey definition has ${problems.length} problem(s): ${problems.slice(0, 5).join('; ')}`, {
          problems,
        });
      }
      const title = plainText(definition.title) || `ICC annual survey ${year}`;
      const surveyCode = code ?? ANNUAL_SURVEY_CODE;
      let finalCode = surveyCode;
      for (let i = 2; d.surveys.findByYear({ year, code: finalCode }); i++) finalCode = `${surveyCode}-${i}`;
      return d.surveys.create({ year, code: finalCode, title, definition, now: d.clock.now() });
    },

    /**
     * An empty questionnaire for `year` (the builder's starting point): a draft with its title in both languages
     * and no pages yet. It is a new questionnaire, so its code (which links the years of one questionnaire) is
     * one no survey of any year uses; next year's copy keeps it.
     */
    createBlank({ year, title }: { year: number; title: { en: string; fr: string } }) {
      const taken = new Set(d.surveys.list().map((s) => s.code));
      const base =
        title.en
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-+|-+$/g, '')
          .slice(0, 34)
          .replace(/-+$/, '') || 'survey';
      let code = base;
      for (let i = 2; taken.has(code); i++) code = `${base}-${i}`;
      const definition = { title: { default: title.en, fr: title.fr }, pages: [] };
      const id = d.surveys.create({ year, code, title: title.en, definition, now: d.clock.now() });
      return { id, year, code, status: 'draft' as const };
    },

    setStatus({ id, status }: { id: number; status: SurveyStatus }) {
      requireSurvey(id);
      // Opening a survey that has never been published publishes its draft: the builder may have saved work in
      // progress there (services/builder.ts), so it is checked as publishing checks it.
      if (status === 'open' && !d.surveys.publishedVersionId({ surveyId: id })) {
        const draft = d.surveys.latestVersion({ surveyId: id });
        const problems = draft ? checkDefinition(draft.definition) : ['the survey has no definition'];
        if (problems.length > 0) {
          throw invalid(`The survey cannot be opened: its definition has ${problems.length} problem(s): ${problems.slice(0, 5).join('; ')}`, {
            problems,
          });
        }
      }
      d.surveys.setStatus({ id, status, now: d.clock.now() });
      return d.surveys.get({ id })!;
    },

    /** One working link per city and survey; asking again returns the same link. */
    linkFor({ surveyId, cityId, reissue = false }: { surveyId: number; cityId: number; reissue?: boolean }) {
      requireSurvey(surveyId);
      if (!d.cities.get({ id: cityId })) throw notFound(`No city with id ${cityId}.`);
      const now = d.clock.now();
      const token = reissue
        ? d.links.reissue({ surveyId, cityId, now })
        : d.links.getOrCreate({ surveyId, cityId, now }).token;
      return { cityId, url: linkUrl(token) };
    },

    /** Every city of the roster with its status for this survey. */
    cityStatuses({ surveyId }: { surveyId: number }) {
      requireSurvey(surveyId);
      const statuses = d.responses.statusBySurvey({ surveyId });
      const teams = d.people.countsByCity();
      return d.cities.list().map((c) => {
        const s = statuses.get(c.id);
        const team = teams.get(c.id) ?? { members: 0, consenting: 0 };
        return {
          cityId: c.id,
          code: c.code,
          name: c.name,
          country: c.country,
          networks: c.networks,
          status: s?.status ?? 'not_started',
          progress: s?.progress ?? 0,
          revision: s?.revision ?? 0,
          updatedAt: s?.updatedAt ?? null,
          submittedAt: s?.submittedAt ?? null,
          /** Coordination team: members, and those who agreed to email (only they are invited). */
          team,
        };
      });
    },

    /** The Unit reopens a submitted response so the city can change it. */
    reopen({ surveyId, cityId }: { surveyId: number; cityId: number }) {
      requireSurvey(surveyId);
      const r = d.responses.get({ surveyId, cityId });
      if (!r) throw notFound('This city has no answers to reopen.');
      d.responses.setStatus({ id: r.id, status: 'draft', now: d.clock.now() });
    },
  };
}
export type SurveysAdmin = ReturnType<typeof surveysAdmin>;
