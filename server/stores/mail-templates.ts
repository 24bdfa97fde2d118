import type { Db } from '../db';
import type { MailTemplate, TemplateKind } from '../mail/templates';
import type { MailLang } from './people';

/** A survey's own wording of one kind of email in one language (see migrations/007_mail_templates_and_reports.sql). */
export interface StoredTemplate extends MailTemplate {
  surveyId: number;
  kind: TemplateKind;
  lang: MailLang;
  updatedBy: number | null;
  updatedAt: string;
}
interface Row {
  survey_id: number;
  kind: TemplateKind;
  lang: MailLang;
  subject: string;
  body: string;
  updated_by: number | null;
  updated_at: string;
}
const toTemplate = (r: Row): StoredTemplate => ({
  surveyId: r.survey_id,
  kind: r.kind,
  lang: r.lang,
  subject: r.subject,
  body: r.body,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

export function mailTemplateStore(db: Db) {
  const one = db.prepare<[number, string, string], Row>('SELECT * FROM mail_templates WHERE survey_id = ? AND kind = ? AND lang = ?');
  const bySurvey = db.prepare<[number], Row>('SELECT * FROM mail_templates WHERE survey_id = ? ORDER BY kind, lang');
  const upsert = db.prepare(
    `INSERT INTO mail_templates (survey_id, kind, lang, subject, body, updated_by, updated_at)
     VALUES (@surveyId, @kind, @lang, @subject, @body, @updatedBy, @now)
     ON CONFLICT (survey_id, kind, lang) DO UPDATE SET subject = excluded.subject, body = excluded.body,
       updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM mail_templates WHERE survey_id = ? AND kind = ?');

  return {
    get({ surveyId, kind, lang }: { surveyId: number; kind: TemplateKind; lang: MailLang }): StoredTemplate | undefined {
      const r = one.get(surveyId, kind, lang);
      return r && toTemplate(r);
    },
    listBySurvey({ surveyId }: { surveyId: number }): StoredTemplate[] {
      return bySurvey.all(surveyId).map(toTemplate);
    },
    /** Saves both languages of a kind at once (one transaction: never half an edit). */
    save({ surveyId, kind, templates, updatedBy, now }: { surveyId: number; kind: TemplateKind; templates: Record<MailLang, MailTemplate>; updatedBy: number | null; now: Date }): void {
      db.transaction(() => {
        for (const lang of ['en', 'fr'] as const) {
          upsert.run({ surveyId, kind, lang, subject: templates[lang].subject, body: templates[lang].body, updatedBy, now: now.toISOString() });
        }
      })();
    },
    /** Back to the defaults of the code; returns how many rows were removed. */
    reset({ surveyId, kind }: { surveyId: number; kind: TemplateKind }): number {
      return remove.run(surveyId, kind).changes;
    },
  };
}
export type MailTemplateStore = ReturnType<typeof mailTemplateStore>;
