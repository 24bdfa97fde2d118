import { useEffect, useState } from 'react';
import type { DefinitionDiff, ItemListDiff } from '../../surveys/definition-diff';
import { api, errorText } from '../api';
import type { Lang, MessageKey } from '../i18n';
import { textOf } from './edit-definition';

type T = (k: MessageKey, v?: Record<string, string | number>) => string;

interface VersionMeta {
  id: number;
  number: number;
  publishedAt: string | null;
  status: 'draft' | 'published';
}
interface SurveyRow {
  id: number;
  title: string;
  year: number;
  code: string;
}
/** A version the draft can be compared with. */
interface Candidate {
  id: number;
  label: string;
  group: string;
}
type Diff = DefinitionDiff & { from: { id: number; number: number }; to: { id: number; number: number } };

const LIST_LABEL: Record<ItemListDiff['list'], MessageKey> = {
  choices: 'builderChoices',
  rows: 'builderDiffRows',
  columns: 'builderDiffColumns',
  rateValues: 'builderDiffRateValues',
};

/**
 * The draft compared with an earlier version of this survey or a version of the same questionnaire in another
 * year (GET /api/surveys/:id/diff), and the creation of next year's survey from this one.
 */
export function CompareView({ surveyId, year, code, t, lang }: { surveyId: number; year: number; code?: string; t: T; lang: Lang }) {
  const [candidates, setCandidates] = useState<Candidate[]>();
  const [from, setFrom] = useState<number>();
  const [diff, setDiff] = useState<Diff>();
  const [error, setError] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string>();
  const message = (err: unknown) => (errorText(err, t));

  useEffect(() => {
    let live = true;
    (async () => {
      const own = await api<VersionMeta[]>(`/api/surveys/${surveyId}/versions`);
      const surveys = await api<SurveyRow[]>('/api/surveys');
      const others = surveys.filter((s) => s.id !== surveyId && code !== undefined && s.code === code).sort((a, b) => b.year - a.year);
      const otherVersions = await Promise.all(others.map(async (s) => ({ s, versions: await api<VersionMeta[]>(`/api/surveys/${s.id}/versions`) })));
      const list: Candidate[] = own
        .filter((v) => v.publishedAt !== null)
        .reverse()
        .map((v) => ({ id: v.id, label: t('builderDiffVersion', { n: v.number }), group: t('builderDiffThisSurvey', { year }) }));
      for (const { s, versions } of otherVersions) {
        for (const v of versions.filter((x) => x.publishedAt !== null).reverse()) {
          list.push({ id: v.id, label: t('builderDiffVersion', { n: v.number }), group: t('builderDiffOtherYear', { year: s.year }) });
        }
      }
      if (!live) return;
      setCandidates(list);
      setFrom(list[0]?.id);
    })().catch((err: unknown) => live && setError(message(err)));
    return () => {
      live = false;
    };
  }, [surveyId, code, year]);

  useEffect(() => {
    if (from === undefined) return;
    let live = true;
    setDiff(undefined);
    api<Diff>(`/api/surveys/${surveyId}/diff?from=${from}&to=draft`)
      .then((d) => live && setDiff(d))
      .catch((err: unknown) => live && setError(message(err)));
    return () => {
      live = false;
    };
  }, [surveyId, from]);

  const createNextYear = async () => {
    setCreating(true);
    setCreateError(undefined);
    try {
      const r = await api<{ id: number }>(`/api/surveys/${surveyId}/next-year`, { method: 'POST', body: {} });
      window.location.assign(`/admin/surveys/${r.id}/builder`);
    } catch (err) {
      setCreateError(message(err));
      setCreating(false);
    }
  };

  const title = (v: unknown) => textOf(v, lang === 'fr' ? 'fr' : 'default') || textOf(v, 'default');
  const groups = [...new Set((candidates ?? []).map((c) => c.group))];

  return (
    <section className="builder-compare" aria-labelledby="builder-compare-title">
      <h2 id="builder-compare-title">{t('builderCompare')}</h2>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {!candidates && !error && <p aria-busy="true">{t('loading')}</p>}
      {candidates && candidates.length === 0 && <p className="muted">{t('builderDiffNothingPublished')}</p>}
      {candidates && candidates.length > 0 && (
        <div className="builder-field builder-compare-pick">
          <label htmlFor="compare-from">{t('builderCompareWith')}</label>
          <select id="compare-from" value={from ?? ''} onChange={(e) => setFrom(Number(e.target.value))}>
            {groups.map((g) => (
              <optgroup key={g} label={g}>
                {candidates
                  .filter((c) => c.group === g)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {`${g} · ${c.label}`}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
      )}
      {from !== undefined && !diff && !error && <p aria-busy="true">{t('loading')}</p>}
      {diff && (
        <div className="builder-diff" aria-live="polite">
          <p>
            {t('builderDiffSummary', { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length })}
          </p>
          {diff.possibleRenames.length > 0 && (
            <>
              <h3>{t('builderDiffRenames')}</h3>
              <ul>
                {diff.possibleRenames.map((r) => (
                  <li key={`${r.from}>${r.to}`}>
                    <span className="builder-name">{r.from}</span> → <span className="builder-name">{r.to}</span>
                  </li>
                ))}
              </ul>
              <p className="hint">{t('builderDiffRenamesHint')}</p>
            </>
          )}
          {diff.added.length > 0 && (
            <>
              <h3>{t('builderDiffAdded')}</h3>
              <ul>
                {diff.added.map((q) => (
                  <li key={q.name}>
                    <span className="builder-name">{q.name}</span> ({q.type}, {t('builderDiffOnPage', { page: q.page })}) {title(q.title)}
                  </li>
                ))}
              </ul>
            </>
          )}
          {diff.removed.length > 0 && (
            <>
              <h3>{t('builderDiffRemoved')}</h3>
              <ul>
                {diff.removed.map((q) => (
                  <li key={q.name}>
                    <span className="builder-name">{q.name}</span> ({q.type}, {t('builderDiffOnPage', { page: q.page })}) {title(q.title)}
                  </li>
                ))}
              </ul>
            </>
          )}
          {diff.changed.length > 0 && (
            <>
              <h3>{t('builderDiffChanged')}</h3>
              <ul>
                {diff.changed.map((q) => (
                  <li key={q.name}>
                    <span className="builder-name">{q.name}</span> {title(q.title)}
                    <ul>
                      {q.properties.length > 0 && <li>{t('builderDiffProperties', { list: q.properties.join(', ') })}</li>}
                      {q.movedFrom && <li>{t('builderDiffMoved', { from: q.movedFrom, to: q.page })}</li>}
                      {q.items.map((d) => (
                        <li key={d.list}>
                          {t(LIST_LABEL[d.list])}:{' '}
                          {[
                            d.added.length > 0 && t('builderDiffItemsAdded', { list: d.added.join(', ') }),
                            d.removed.length > 0 && t('builderDiffItemsRemoved', { list: d.removed.join(', ') }),
                            d.changed.length > 0 && t('builderDiffItemsChanged', { list: d.changed.map((c) => `${c.value} (${c.properties.join(', ')})`).join(', ') }),
                            d.reordered && t('builderDiffItemsReordered'),
                          ]
                            .filter(Boolean)
                            .join('; ')}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </>
          )}
          {(diff.pages.added.length > 0 || diff.pages.removed.length > 0) && (
            <p>{t('builderDiffPages', { added: diff.pages.added.join(', ') || '–', removed: diff.pages.removed.join(', ') || '–' })}</p>
          )}
          {diff.surveyProperties.length > 0 && <p>{t('builderDiffSurveyProperties', { list: diff.surveyProperties.join(', ') })}</p>}
        </div>
      )}

      <h2>{t('builderNextYear')}</h2>
      <p className="hint">{t('builderNextYearHint', { year: year + 1 })}</p>
      <button type="button" onClick={() => void createNextYear()} disabled={creating}>
        {t('builderNextYearCreate', { year: year + 1 })}
      </button>
      {createError && (
        <p className="notice notice-error" role="alert">
          {createError}
        </p>
      )}
    </section>
  );
}
