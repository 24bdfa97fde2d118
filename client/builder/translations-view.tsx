import { useEffect, useMemo, useState } from 'react';
import type { MessageKey } from '../i18n';
import type { Definition, Locale } from './edit-definition';
import {
  applyImport,
  collectTexts,
  completenessOf,
  parseTranslationsCsv,
  planImport,
  setEntryText,
  translationsCsv,
  type ImportPlan,
} from './translations';

type T = (k: MessageKey, v?: Record<string, string | number>) => string;

/** Offers a text as a file download (with a BOM, so that spreadsheets read the accents right). */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * What is still to translate, with inline fields, the completeness count, and the CSV export and import for a
 * translator (the import previews its changes and is refused when it names texts this survey does not have).
 */
export function TranslationsView({
  def,
  edit,
  t,
  fileName,
}: {
  def: Definition;
  edit: (d: Definition, key?: string) => void;
  t: T;
  fileName: string;
}) {
  const entries = useMemo(() => collectTexts(def), [def]);
  const { translated, total } = completenessOf(entries);
  const [showAll, setShowAll] = useState(false);
  // Texts stay listed once they were untranslated, so that a row does not vanish while its French is typed.
  const [listed, setListed] = useState(() => new Set(entries.filter((e) => !e.translated).map((e) => e.key)));
  useEffect(() => {
    const fresh = entries.filter((e) => !e.translated && !listed.has(e.key));
    if (fresh.length > 0) setListed(new Set([...listed, ...fresh.map((e) => e.key)]));
  }, [entries, listed]);
  const rows = showAll ? entries : entries.filter((e) => listed.has(e.key));

  const [importing, setImporting] = useState<{ name: string; plan?: ImportPlan; errors: string[] }>();
  const readFile = async (file: File) => {
    const { rows: imported, errors } = parseTranslationsCsv(await file.text());
    setImporting({ name: file.name, errors, plan: errors.length === 0 ? planImport(def, imported) : undefined });
  };
  const plan = importing?.plan;
  const refused = !!plan && (plan.unknownKeys.length > 0 || plan.duplicateKeys.length > 0);

  return (
    <section className="builder-translations" aria-labelledby="builder-translations-title">
      <h2 id="builder-translations-title">{t('builderTranslations')}</h2>
      <p className={translated === total ? 'badge badge-open' : 'badge badge-draft'} role="status">
        {t('builderTranslationsCount', { translated, total, missing: total - translated })}
      </p>
      <div className="builder-translation-tools">
        <label className="builder-check">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
          {t('builderTranslationsShowAll')}
        </label>
        <button type="button" onClick={() => download(`${fileName}-untranslated.csv`, translationsCsv(def, { onlyUntranslated: true }))} disabled={translated === total}>
          {t('builderTranslationsExportMissing')}
        </button>
        <button type="button" onClick={() => download(`${fileName}-texts.csv`, translationsCsv(def))}>
          {t('builderTranslationsExportAll')}
        </button>
        <label className="builder-file">
          {t('builderTranslationsImport')}{' '}
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void readFile(file);
            }}
          />
        </label>
      </div>
      <p className="hint">{t('builderTranslationsCsvHint')}</p>

      {importing && (
        <div className={`notice ${importing.errors.length > 0 || refused ? 'notice-error' : ''}`} role="region" aria-label={t('builderImportPreview')}>
          <p>
            <strong>{importing.name}</strong>
            {': '}
            {importing.errors.length > 0
              ? t('builderImportUnreadable')
              : refused
                ? t('builderImportRefused')
                : plan && plan.changes.length === 0
                  ? t('builderImportNothing')
                  : t('builderImportChanges', { n: plan?.changes.length ?? 0 })}
          </p>
          {importing.errors.length > 0 && (
            <ul className="builder-problems">
              {importing.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          )}
          {plan && refused && (
            <ul className="builder-problems">
              {plan.unknownKeys.map((k) => (
                <li key={`u${k}`}>{t('builderImportUnknownKey', { key: k })}</li>
              ))}
              {plan.duplicateKeys.map((k) => (
                <li key={`d${k}`}>{t('builderImportDuplicateKey', { key: k })}</li>
              ))}
            </ul>
          )}
          {plan && !refused && plan.changes.length > 0 && (
            <table className="builder-table">
              <thead>
                <tr>
                  <th scope="col">{t('builderTranslationWhere')}</th>
                  <th scope="col">{t('builderTranslationLanguage')}</th>
                  <th scope="col">{t('builderImportBefore')}</th>
                  <th scope="col">{t('builderImportAfter')}</th>
                </tr>
              </thead>
              <tbody>
                {plan.changes.map((c) => (
                  <tr key={`${c.key}|${c.locale}`}>
                    <td>
                      <span className="builder-name">{c.element}</span> · {c.property}
                    </td>
                    <td>{c.locale === 'fr' ? t('builderFrench') : t('builderEnglish')}</td>
                    <td lang={c.locale === 'fr' ? 'fr' : 'en'}>{c.before || '–'}</td>
                    <td lang={c.locale === 'fr' ? 'fr' : 'en'}>{c.after || '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="actions">
            {plan && !refused && plan.changes.length > 0 && (
              <button
                type="button"
                className="primary"
                onClick={() => {
                  edit(applyImport(def, plan));
                  setImporting(undefined);
                }}
              >
                {t('builderImportApply')}
              </button>
            )}
            <button type="button" onClick={() => setImporting(undefined)}>
              {t('builderImportCancel')}
            </button>
          </div>
        </div>
      )}

      {rows.length === 0 ? (
        <p className="muted">{t('builderTranslationsNone')}</p>
      ) : (
        <table className="builder-table builder-translation-table">
          <thead>
            <tr>
              <th scope="col">{t('builderTranslationWhere')}</th>
              <th scope="col">{t('builderEnglish')}</th>
              <th scope="col">{t('builderFrench')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => {
              const where = `${e.element} · ${e.property}`;
              const field = (locale: Locale) => {
                const value = locale === 'fr' ? e.fr : e.en;
                return (
                  <input
                    type="text"
                    lang={locale === 'fr' ? 'fr' : 'en'}
                    aria-label={t(locale === 'fr' ? 'builderTranslationFrFor' : 'builderTranslationEnFor', { where })}
                    aria-invalid={value.trim() === '' && !e.translated}
                    value={value}
                    onChange={(ev) => edit(setEntryText(def, e, locale, ev.target.value), `tr:${e.key}:${locale}`)}
                  />
                );
              };
              return (
                <tr key={e.key} className={e.translated ? 'builder-translated' : undefined}>
                  <th scope="row">
                    <span className="builder-name">{e.element}</span> · {e.property}
                    {e.translated && <span className="builder-done"> ✓ {t('builderTranslationDone')}</span>}
                  </th>
                  <td>{field('default')}</td>
                  <td>{field('fr')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
