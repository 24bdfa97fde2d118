import { useState } from 'react';
import { api, errorText } from '../api';
import type { MessageKey } from '../i18n';
import { textOf, type Definition, type Locale } from './edit-definition';
import { setSurveyText } from './edit-properties';

type T = (k: MessageKey, v?: Record<string, string | number>) => string;

/**
 * Campaign settings (issue 4, Rec 12): the open and close dates coordinators are shown (saved at once, with the
 * survey), and the welcome and thank-you texts in both languages (in the definition, so versioned and
 * published with it: SurveyJS shows `description` under the survey title and `completedHtml` on completion).
 */
export function CampaignSettings({
  surveyId,
  def,
  edit,
  t,
  dates,
  onDates,
}: {
  surveyId: number;
  def: Definition;
  edit: (d: Definition, key?: string) => void;
  t: T;
  dates: { opensAt: string | null; closesAt: string | null };
  onDates: (d: { opensAt: string | null; closesAt: string | null }) => void;
}) {
  const [opensAt, setOpensAt] = useState(dates.opensAt ?? '');
  const [closesAt, setClosesAt] = useState(dates.closesAt ?? '');
  const [notice, setNotice] = useState<{ ok: boolean; text?: string }>();
  const wrongOrder = opensAt !== '' && closesAt !== '' && opensAt > closesAt;
  const saveDates = async () => {
    setNotice(undefined);
    try {
      const r = await api<{ opensAt: string | null; closesAt: string | null }>(`/api/surveys/${surveyId}/dates`, {
        method: 'PUT',
        body: { opensAt: opensAt || null, closesAt: closesAt || null },
      });
      onDates(r);
      setNotice({ ok: true });
    } catch (err) {
      setNotice({ ok: false, text: errorText(err, t) });
    }
  };
  const pair = (key: 'description' | 'completedHtml', label: MessageKey) => (
    <fieldset className="builder-pair">
      <legend>{t(label)}</legend>
      {(['default', 'fr'] as Locale[]).map((locale) => {
        const id = `settings-${key}-${locale}`;
        return (
          <div key={locale} className="builder-field">
            <label htmlFor={id}>{`${t(label)} (${locale === 'fr' ? t('builderFrench') : t('builderEnglish')})`}</label>
            <textarea
              id={id}
              rows={4}
              lang={locale === 'fr' ? 'fr' : 'en'}
              value={textOf(def[key], locale)}
              onChange={(e) => edit(setSurveyText(def, key, locale, e.target.value), `survey:${key}:${locale}`)}
            />
          </div>
        );
      })}
    </fieldset>
  );
  return (
    <section className="builder-translations builder-settings" aria-labelledby="builder-settings-title">
      <h2 id="builder-settings-title">{t('builderSettingsTitle')}</h2>
      <fieldset className="builder-pair">
        <legend>{t('builderDates')}</legend>
        <div className="builder-field">
          <label htmlFor="settings-opens">{t('builderOpensAt')}</label>
          <input id="settings-opens" type="date" value={opensAt} onChange={(e) => setOpensAt(e.target.value)} />
        </div>
        <div className="builder-field">
          <label htmlFor="settings-closes">{t('builderClosesAt')}</label>
          <input id="settings-closes" type="date" value={closesAt} aria-invalid={wrongOrder} onChange={(e) => setClosesAt(e.target.value)} />
        </div>
        {wrongOrder && <p className="field-error">{t('builderDatesOrder')}</p>}
        <p className="hint">{t('builderDatesHint')}</p>
        <div>
          <button type="button" onClick={() => void saveDates()} disabled={wrongOrder}>
            {t('builderSaveDates')}
          </button>
        </div>
        {notice && (
          <p className={notice.ok ? 'notice notice-success' : 'notice notice-error'} role={notice.ok ? 'status' : 'alert'}>
            {notice.text ?? t('builderDatesSaved')}
          </p>
        )}
      </fieldset>
      {pair('description', 'builderWelcome')}
      {pair('completedHtml', 'builderThankYou')}
      <p className="hint">{t('builderSettingsTextsHint')}</p>
    </section>
  );
}
