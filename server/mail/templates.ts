/**
 * Bilingual email templates. Each is a subject and a plain-text body with `{{placeholder}}`s; the HTML
 * alternative is derived from the text (paragraphs, the link made clickable), so a template is written once
 * per language. The recipient's preferred language chooses the template.
 *
 * These are the defaults, in code. The Unit may override them per survey, kind and language (stored in
 * `mail_templates`, see services/mail-templates.ts); these stay the fallback and what 'reset' returns to.
 */
import type { MailLang } from '../stores/people';

export interface MailTemplate {
  subject: string;
  body: string;
}
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Values of the invitation placeholders: `{{name}}`, `{{city}}`, `{{year}}`, `{{deadline}}`, `{{link}}`. */
export interface InvitationValues {
  name: string;
  city: string;
  year: number;
  /** The survey's close date (`YYYY-MM-DD` or ISO time), or null when none is set. */
  closesAt: string | null;
  link: string;
}

export const INVITATION_TEMPLATES: Record<MailLang, MailTemplate> = {
  en: {
    subject: 'ICC annual survey {{year}}: the link for {{city}}',
    body: `Dear {{name}},

The Intercultural Cities (ICC) programme of the Council of Europe invites {{city}} to answer the ICC annual survey {{year}}.

Your city's link to the survey:
{{link}}

Deadline: {{deadline}}

The link belongs to your city's coordination team: colleagues can open it at the same time, answers are saved as you go, and you can come back to them from any device. Please do not pass it on outside the team.

You receive this email because you agreed to receive emails about the ICC annual survey as a member of the coordination team of {{city}}. To stop them, write to the ICC Unit.

The ICC Unit, Council of Europe`,
  },
  fr: {
    subject: 'Enquête annuelle ICC {{year}} : le lien pour {{city}}',
    body: `Bonjour {{name}},

Le programme des Cités interculturelles (ICC) du Conseil de l'Europe invite {{city}} à répondre à l'enquête annuelle ICC {{year}}.

Le lien de votre ville vers l'enquête :
{{link}}

Date limite : {{deadline}}

Ce lien appartient à l'équipe de coordination de votre ville : plusieurs collègues peuvent l'ouvrir en même temps, les réponses sont enregistrées au fur et à mesure et vous pouvez les retrouver depuis n'importe quel appareil. Merci de ne pas le transmettre en dehors de l'équipe.

Vous recevez ce message parce que vous avez accepté de recevoir des courriels sur l'enquête annuelle ICC en tant que membre de l'équipe de coordination de {{city}}. Pour ne plus en recevoir, écrivez à l'unité ICC.

L'unité ICC, Conseil de l'Europe`,
  },
};

const NO_DEADLINE: Record<MailLang, string> = {
  en: 'when the ICC Unit closes the survey',
  fr: "à la clôture de l'enquête par l'unité ICC",
};

/** A close date as a person reads it in the language: `31 January 2026`, `31 janvier 2026`. */
export function formatDeadline(closesAt: string | null, lang: MailLang): string {
  if (!closesAt) return NO_DEADLINE[lang];
  // A bare date is a calendar day, not an instant: read and print it in UTC so no time zone moves it.
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(closesAt) ? `${closesAt}T00:00:00Z` : closesAt);
  if (Number.isNaN(date.getTime())) return NO_DEADLINE[lang];
  return DEADLINE_FORMAT[lang].format(date);
}
// Made once: building an Intl.DateTimeFormat costs more than rendering a whole email (a campaign renders thousands).
const DEADLINE_FORMAT: Record<MailLang, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  fr: new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** The invitation in the recipient's language. */
export function renderInvitation(lang: MailLang, v: InvitationValues, template: MailTemplate = INVITATION_TEMPLATES[lang]): RenderedMail {
  return renderMail(template, {
    name: v.name,
    city: v.city,
    year: String(v.year),
    deadline: formatDeadline(v.closesAt, lang),
    link: v.link,
  }, { lang, link: v.link });
}

/** Values of the reminder placeholders: those of the invitation, plus `{{progress}}` (a sentence). */
export interface ReminderValues extends InvitationValues {
  /** What the city has saved so far: `null` when nothing yet, else the share of the questionnaire done (0 to 1). */
  progress: number | null;
}

export const REMINDER_TEMPLATES: Record<MailLang, MailTemplate> = {
  en: {
    subject: 'Reminder: ICC annual survey {{year}} for {{city}}, deadline {{deadline}}',
    body: `Dear {{name}},

This is a reminder that the ICC annual survey {{year}} closes on {{deadline}}, and {{city}} has not submitted its answers yet.

{{progress}}

Your city's link to the survey:
{{link}}

Answers are saved as you go: colleagues of the coordination team can continue where anyone stopped. Once everything is answered, submit the answers from the last page.

You receive this email because you agreed to receive emails about the ICC annual survey as a member of the coordination team of {{city}}. To stop them, write to the ICC Unit.

The ICC Unit, Council of Europe`,
  },
  fr: {
    subject: 'Rappel : enquête annuelle ICC {{year}} pour {{city}}, date limite le {{deadline}}',
    body: `Bonjour {{name}},

Nous vous rappelons que l'enquête annuelle ICC {{year}} se termine le {{deadline}} et que {{city}} n'a pas encore envoyé ses réponses.

{{progress}}

Le lien de votre ville vers l'enquête :
{{link}}

Les réponses sont enregistrées au fur et à mesure : les membres de l'équipe de coordination peuvent reprendre là où quelqu'un s'est arrêté. Lorsque tout est complété, envoyez les réponses depuis la dernière page.

Vous recevez ce message parce que vous avez accepté de recevoir des courriels sur l'enquête annuelle ICC en tant que membre de l'équipe de coordination de {{city}}. Pour ne plus en recevoir, écrivez à l'unité ICC.

L'unité ICC, Conseil de l'Europe`,
  },
};

/** The `{{progress}}` sentence: what the city has saved so far, in the recipient's language. */
export function formatProgress(progress: number | null, lang: MailLang): string {
  if (progress === null) {
    return lang === 'fr' ? "Votre ville n'a pas encore commencé à répondre." : "Your city has not started answering yet.";
  }
  const percent = Math.max(0, Math.min(100, Math.round(progress * 100)));
  if (percent === 0) {
    return lang === 'fr' ? 'Votre ville a commencé à répondre : ses réponses sont enregistrées.' : "Your city has started answering: its answers are saved.";
  }
  return lang === 'fr'
    ? `Les réponses de votre ville sont complètes à ${percent}\u00a0% ; elles sont enregistrées.`
    : `Your city's answers are ${percent}% complete and saved.`;
}

/** The reminder in the recipient's language. */
export function renderReminder(lang: MailLang, v: ReminderValues, template: MailTemplate = REMINDER_TEMPLATES[lang]): RenderedMail {
  return renderMail(template, {
    name: v.name,
    city: v.city,
    year: String(v.year),
    deadline: formatDeadline(v.closesAt, lang),
    progress: formatProgress(v.progress, lang),
    link: v.link,
  }, { lang, link: v.link });
}

/** Values of the report email's placeholders: `{{name}}`, `{{city}}`, `{{year}}`, `{{link}}` (the report page). */
export interface ReportValues {
  name: string;
  city: string;
  year: number;
  link: string;
}

export const REPORT_TEMPLATES: Record<MailLang, MailTemplate> = {
  en: {
    subject: 'ICC annual survey {{year}}: the feedback report of {{city}}',
    body: `Dear {{name}},

Thank you for taking part in the ICC annual survey {{year}}. The survey is now closed, and the feedback report of {{city}} is ready: it compares your city's answers with those of its network and of all cities that answered, area by area, and shows your city's change since last year.

Your city's report:
{{link}}

The report can be printed or saved as PDF from the browser. The link belongs to your city's coordination team: please do not pass it on outside the team.

You receive this email because you agreed to receive emails about the ICC annual survey as a member of the coordination team of {{city}}. To stop them, write to the ICC Unit.

The ICC Unit, Council of Europe`,
  },
  fr: {
    subject: "Enquête annuelle ICC {{year}} : le rapport de {{city}}",
    body: `Bonjour {{name}},

Merci d'avoir participé à l'enquête annuelle ICC {{year}}. L'enquête est maintenant close et le rapport de {{city}} est prêt : il compare les réponses de votre ville à celles de son réseau et de l'ensemble des villes ayant répondu, domaine par domaine, et montre l'évolution de votre ville depuis l'an dernier.

Le rapport de votre ville :
{{link}}

Le rapport peut être imprimé ou enregistré en PDF depuis le navigateur. Ce lien appartient à l'équipe de coordination de votre ville : merci de ne pas le transmettre en dehors de l'équipe.

Vous recevez ce message parce que vous avez accepté de recevoir des courriels sur l'enquête annuelle ICC en tant que membre de l'équipe de coordination de {{city}}. Pour ne plus en recevoir, écrivez à l'unité ICC.

L'unité ICC, Conseil de l'Europe`,
  },
};

/** The report email in the recipient's language. */
export function renderReport(lang: MailLang, v: ReportValues, template: MailTemplate = REPORT_TEMPLATES[lang]): RenderedMail {
  return renderMail(template, { name: v.name, city: v.city, year: String(v.year), link: v.link }, { lang, link: v.link });
}

/** The kinds of email whose wording the Unit may edit. */
export type TemplateKind = 'invitation' | 'reminder' | 'report';
export const TEMPLATE_KINDS: readonly TemplateKind[] = ['invitation', 'reminder', 'report'];

/** The default (code) templates of each kind. */
export const DEFAULT_TEMPLATES: Record<TemplateKind, Record<MailLang, MailTemplate>> = {
  invitation: INVITATION_TEMPLATES,
  reminder: REMINDER_TEMPLATES,
  report: REPORT_TEMPLATES,
};

/** The placeholders each kind fills; any other `{{word}}` in an edited template is refused. */
export const TEMPLATE_PLACEHOLDERS: Record<TemplateKind, readonly string[]> = {
  invitation: ['name', 'city', 'year', 'deadline', 'link'],
  reminder: ['name', 'city', 'year', 'deadline', 'progress', 'link'],
  report: ['name', 'city', 'year', 'link'],
};

/** The `{{word}}` placeholders a text uses, each once, in order of appearance. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/**
 * Fills a template. Unknown placeholders are left as written (a typo shows in the email rather than vanishing).
 * In the HTML, every value is escaped and `{{link}}` becomes a link to `link`.
 */
export function renderMail(
  template: MailTemplate,
  values: Record<string, string>,
  { lang, link }: { lang: MailLang; link?: string },
): RenderedMail {
  const fill = (s: string, f: (key: string, value: string) => string) =>
    s.replace(PLACEHOLDER, (whole, key: string) => (Object.hasOwn(values, key) ? f(key, values[key]!) : whole));
  // A subject is one header line: line breaks in a value (a city name, a person's name) must not reach it.
  const subject = fill(template.subject, (_k, v) => v).replace(/[\r\n]+/g, ' ').trim();
  const text = fill(template.body, (_k, v) => v);
  const paragraphs = template.body.split(/\n{2,}/).map((p) => {
    const html = fill(escapeHtml(p), (key, v) =>
      key === 'link' && link ? `<a href="${escapeHtml(link)}">${escapeHtml(v)}</a>` : escapeHtml(v),
    );
    return `<p>${html.replace(/\n/g, '<br>\n')}</p>`;
  });
  const html = `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #1a1a1a; max-width: 40em">
${paragraphs.join('\n')}
</body>
</html>
`;
  return { subject, text, html };
}
