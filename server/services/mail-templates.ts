/**
 * Editable email templates (issue 5): per survey, each kind of email (invitation, reminder, report) may have the
 * Unit's own subject and body in English and French; without them the defaults of mail/templates.ts apply.
 *
 * An edited template is checked before it is stored: only the placeholders its kind fills (a typo such as
 * `{{cty}}` would otherwise reach 150 cities as written), `{{link}}` present in the body (an invitation without
 * its link is useless), `{city}` with single braces pointed out, sizes bounded. Emails stay plain text plus the
 * HTML alternative derived from it, where every value is escaped (renderMail).
 */
import type { Clock } from '../clock';
import { AppError, notFound } from '../errors';
import {
  DEFAULT_TEMPLATES,
  TEMPLATE_PLACEHOLDERS,
  formatDeadline,
  formatProgress,
  placeholdersIn,
  renderMail,
  type MailTemplate,
  type TemplateKind,
} from '../mail/templates';
import type { CityStore } from '../stores/cities';
import type { MailTemplateStore } from '../stores/mail-templates';
import type { MailLang, PeopleStore } from '../stores/people';
import type { ResponseStore } from '../stores/responses';
import type { SurveysAdmin } from './surveys-admin';

export const MAX_SUBJECT = 200;
export const MAX_BODY = 10_000;
const LANGS: readonly MailLang[] = ['en', 'fr'];
const LANG_NAME: Record<MailLang, string> = { en: 'English', fr: 'French' };

/** One problem of an edited template, for the message and for the panel to show at its field. */
export interface TemplateProblem {
  lang: MailLang;
  field: 'subject' | 'body';
  /** What is wrong, for a client that words it in its own language. */
  type: 'empty' | 'too_long' | 'multiline' | 'unknown_placeholder' | 'single_braces' | 'missing_link';
  /** The placeholder at fault (`{{cty}}`, `{{link}}`), when there is one. */
  placeholder?: string;
  message: string;
}

/** Why a template of `kind` cannot be used; empty when it can. */
export function checkTemplates(kind: TemplateKind, templates: Record<MailLang, MailTemplate>): TemplateProblem[] {
  const allowed = TEMPLATE_PLACEHOLDERS[kind];
  const list = allowed.map((p) => `{{${p}}}`).join(', ');
  const problems: TemplateProblem[] = [];
  for (const lang of LANGS) {
    const t = templates[lang];
    for (const field of ['subject', 'body'] as const) {
      const text = t[field];
      const where = `the ${LANG_NAME[lang]} ${field}`;
      if (text.trim() === '') problems.push({ lang, field, type: 'empty', message: `${where[0]!.toUpperCase()}${where.slice(1)} is empty.` });
      const max = field === 'subject' ? MAX_SUBJECT : MAX_BODY;
      if (text.length > max) problems.push({ lang, field, type: 'too_long', message: `${where[0]!.toUpperCase()}${where.slice(1)} is too long (${text.length} characters, at most ${max}).` });
      if (field === 'subject' && /[\r\n]/.test(text)) problems.push({ lang, field, type: 'multiline', message: `${where[0]!.toUpperCase()}${where.slice(1)} must be one line.` });
      for (const p of placeholdersIn(text)) {
        if (!allowed.includes(p)) {
          problems.push({ lang, field, type: 'unknown_placeholder', placeholder: `{{${p}}}`, message: `Unknown placeholder {{${p}}} in ${where}; this email can use ${list}.` });
        }
      }
      // `{city}` is a likely slip for `{{city}}`: it would be sent as written.
      for (const m of text.matchAll(/(?<!\{)\{(\w+)\}(?!\})/g)) {
        problems.push({ lang, field, type: 'single_braces', placeholder: `{${m[1]}}`, message: `{${m[1]}} in ${where} needs double braces: write {{${m[1]}}}.` });
      }
    }
    if (!placeholdersIn(t.body).includes('link')) {
      problems.push({ lang, field: 'body', type: 'missing_link', placeholder: '{{link}}', message: `The placeholder {{link}} is missing from the ${LANG_NAME[lang]} body: the email must carry the city's link.` });
    }
  }
  return problems;
}

export interface KindTemplates {
  kind: TemplateKind;
  /** Placeholders this kind fills, without braces. */
  placeholders: readonly string[];
  /** The survey's own wording when edited, else the default. */
  templates: Record<MailLang, MailTemplate>;
  defaults: Record<MailLang, MailTemplate>;
  isDefault: boolean;
  updatedAt: string | null;
}

export function mailTemplateService(d: {
  admin: SurveysAdmin;
  mailTemplates: MailTemplateStore;
  cities: CityStore;
  people: PeopleStore;
  responses: ResponseStore;
  clock: Clock;
  publicUrl: () => string;
}) {
  /** The template the emails of a survey use: the Unit's own, or the default. */
  function templateFor({ surveyId, kind, lang }: { surveyId: number; kind: TemplateKind; lang: MailLang }): MailTemplate {
    const stored = d.mailTemplates.get({ surveyId, kind, lang });
    return stored ? { subject: stored.subject, body: stored.body } : DEFAULT_TEMPLATES[kind][lang];
  }

  function view(surveyId: number, kind: TemplateKind): KindTemplates {
    const stored = LANGS.map((lang) => d.mailTemplates.get({ surveyId, kind, lang }));
    return {
      kind,
      placeholders: TEMPLATE_PLACEHOLDERS[kind],
      templates: { en: templateFor({ surveyId, kind, lang: 'en' }), fr: templateFor({ surveyId, kind, lang: 'fr' }) },
      defaults: DEFAULT_TEMPLATES[kind],
      isDefault: stored.every((s) => s === undefined),
      updatedAt: stored.map((s) => s?.updatedAt ?? null).sort().pop() ?? null,
    };
  }

  return {
    templateFor,

    list({ surveyId }: { surveyId: number }): KindTemplates[] {
      d.admin.requireSurvey(surveyId);
      return (['invitation', 'reminder', 'report'] as const).map((kind) => view(surveyId, kind));
    },

    get({ surveyId, kind }: { surveyId: number; kind: TemplateKind }): KindTemplates {
      d.admin.requireSurvey(surveyId);
      return view(surveyId, kind);
    },

    /** Stores both languages of a kind; 422 naming each problem (unknown placeholder, missing `{{link}}`, sizes). */
    save({ surveyId, kind, templates, updatedBy }: { surveyId: number; kind: TemplateKind; templates: Record<MailLang, MailTemplate>; updatedBy: number | null }): KindTemplates {
      d.admin.requireSurvey(surveyId);
      const problems = checkTemplates(kind, templates);
      if (problems.length > 0) {
        throw new AppError('validation_failed', `The template cannot be saved: ${problems.map((p) => p.message).join(' ')}`, { problems });
      }
      d.mailTemplates.save({ surveyId, kind, templates, updatedBy, now: d.clock.now() });
      return view(surveyId, kind);
    },

    reset({ surveyId, kind }: { surveyId: number; kind: TemplateKind }): KindTemplates {
      d.admin.requireSurvey(surveyId);
      d.mailTemplates.reset({ surveyId, kind });
      return view(surveyId, kind);
    },

    /**
     * One city's email in both languages, from the stored templates or from `templates` (an unsaved edit), with
     * the problems of those templates. The link is shown as a sample: a preview creates no link.
     */
    preview({ surveyId, kind, cityId, templates }: { surveyId: number; kind: TemplateKind; cityId?: number; templates?: Record<MailLang, MailTemplate> }) {
      const survey = d.admin.requireSurvey(surveyId);
      const city = cityId === undefined ? d.cities.list()[0] : d.cities.get({ id: cityId });
      if (cityId !== undefined && !city) throw notFound(`No city with id ${cityId}.`);
      const team = city ? d.people.listByCity({ cityId: city.id }) : [];
      const response = city ? d.responses.get({ surveyId, cityId: city.id }) : undefined;
      const link = `${d.publicUrl()}/r/${'x'.repeat(8)}…${kind === 'report' ? '/report' : ''}`;
      const out = {} as Record<MailLang, { subject: string; text: string; html: string }>;
      for (const lang of LANGS) {
        const person = team.find((p) => p.consent && p.lang === lang) ?? team.find((p) => p.consent);
        const values: Record<string, string> = {
          name: person?.name ?? (lang === 'fr' ? 'Marie Exemple' : 'Mary Example'),
          city: city ? (lang === 'fr' && city.nameFr ? city.nameFr : city.name) : 'Exampleville',
          year: String(survey.year),
          deadline: formatDeadline(survey.closesAt, lang),
          progress: formatProgress(response && response.revision > 0 ? response.progress : null, lang),
          link,
        };
        const allowed = Object.fromEntries(TEMPLATE_PLACEHOLDERS[kind].map((p) => [p, values[p]!]));
        out[lang] = renderMail(templates?.[lang] ?? templateFor({ surveyId, kind, lang }), allowed, { lang, link });
      }
      return { cityId: city?.id ?? null, ...out, problems: templates ? checkTemplates(kind, templates) : [] };
    },
  };
}
export type MailTemplateService = ReturnType<typeof mailTemplateService>;
