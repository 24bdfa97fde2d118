import { useMemo } from 'react';
import type { MessageKey } from '../i18n';
import { checkIndicators, type IndicatorIssue, type IndicatorState } from '../../surveys/indicator-check';
import type { Definition, ElementPath } from './edit-definition';

type T = (k: MessageKey, v?: Record<string, string | number>) => string;

const STATE_BADGE: Record<IndicatorState, string> = { ok: 'badge-open', missing: 'builder-badge-bad', 'wrong-shape': 'builder-badge-bad', incomplete: 'badge-draft' };

function issueText(i: IndicatorIssue, t: T): string {
  switch (i.kind) {
    case 'areas-without':
      return t('builderIndIssueAreas', { areas: i.areas.join(', ') });
    case 'no-scores':
      return t('builderIndIssueScores', { q: i.question });
    case 'no-area-rows':
      return t('builderIndIssueAreaRows', { q: i.question });
    case 'no-area':
      return t('builderIndIssueArea', { q: i.question });
    case 'no-channels':
      return t('builderIndIssueChannels', { q: i.question });
  }
}

/**
 * Indicator completeness (issue 4): each indicator analysis computes, whether the draft has the questions it
 * needs (surveys/indicator-check.ts, also run by the server when publishing), with links to those questions.
 */
export function IndicatorsView({ def, t, onGo }: { def: Definition; t: T; onGo: (path: ElementPath) => void }) {
  const statuses = useMemo(() => checkIndicators(def), [def]);
  const ok = statuses.filter((s) => s.state === 'ok').length;
  return (
    <section className="builder-translations builder-indicators" aria-labelledby="builder-indicators-title">
      <h2 id="builder-indicators-title">{t('builderIndicatorsTitle')}</h2>
      <p>{t('builderIndicatorsIntro')}</p>
      <p className={ok === statuses.length ? 'badge badge-open' : 'badge badge-draft'} role="status">
        {t('builderIndicatorsCount', { ok, total: statuses.length })}
      </p>
      <table className="builder-table">
        <thead>
          <tr>
            <th scope="col">{t('builderIndicator')}</th>
            <th scope="col">{t('builderIndRec')}</th>
            <th scope="col">{t('builderIndState')}</th>
            <th scope="col">{t('builderIndQuestions')}</th>
          </tr>
        </thead>
        <tbody>
          {statuses.map((s) => (
            <tr key={s.indicator} data-indicator={s.indicator}>
              <th scope="row">
                {t(`builderInd_${s.indicator}` as MessageKey)} <code className="muted">{s.indicator}</code>
              </th>
              <td>{s.rec}</td>
              <td>
                <span className={`badge ${STATE_BADGE[s.state]}`}>{t(`builderIndState_${s.state.replace('-', '_')}` as MessageKey)}</span>
                {s.issues.length > 0 && (
                  <ul className="builder-problems">
                    {s.issues.map((i, n) => (
                      <li key={n}>{issueText(i, t)}</li>
                    ))}
                  </ul>
                )}
                {s.areas && <p className="hint">{t('builderIndAreas', { n: s.areas.length })}</p>}
              </td>
              <td>
                {s.questions.length === 0 ? (
                  <span className="muted">{t('builderIndNoQuestion')}</span>
                ) : (
                  <ul className="builder-ind-questions">
                    {s.questions.slice(0, 6).map((q) => (
                      <li key={q.name}>
                        <button type="button" className="builder-link" onClick={() => onGo(q.path)} aria-label={t('builderIndGo', { q: q.name })}>
                          {q.name}
                        </button>
                        {!q.usable && <span className="field-error"> {t('builderIndWrongShape', { shape: q.shape })}</span>}
                      </li>
                    ))}
                    {s.questions.length > 6 && <li className="muted">{t('builderIndMore', { n: s.questions.length - 6 })}</li>}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
