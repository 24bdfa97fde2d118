/**
 * Cities' answers to questions a fix removed (issue 4): kept in their response when their draft moved to the new
 * version, flagged on their page, listed here city by city for the Unit and the analysts (no export column holds
 * them). GET /api/surveys/:id/flagged-answers.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, errorText } from '../../api';
import { translate, type Lang, type MessageKey } from '../../i18n';

interface FlaggedCity {
  cityId: number;
  cityCode: string;
  cityName: string;
  status: 'draft' | 'submitted';
  version: number;
  codes: string[];
  values: Record<string, unknown>;
}

const STATUS_KEY = { draft: 'inProgress', submitted: 'submittedStatus' } as const;
/** Long texts are cut in the table; the whole answer stays in the city's response. */
const SHOWN_CHARACTERS = 300;

function answerText(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS)}…` : text;
}

export function FlaggedAnswersPanel({ surveyId, lang }: { surveyId: number; lang: Lang }) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const [rows, setRows] = useState<FlaggedCity[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<FlaggedCity[]>(`/api/surveys/${surveyId}/flagged-answers`)
      .then((r) => {
        setRows(r);
        setError(undefined);
      })
      .catch((err: unknown) => setError(errorText(err, t)));
  }, [surveyId, t]);

  return (
    <section className="panel" aria-labelledby="flagged-answers-title">
      <h2 id="flagged-answers-title">{t('flaggedTitle')}</h2>
      <p className="muted">{t('flaggedIntro')}</p>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {rows && rows.length === 0 && <p>{t('flaggedNone')}</p>}
      {rows && rows.length > 0 && (
        <>
          <p>{t('flaggedCount', { n: rows.length })}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('colCity')}</th>
                  <th scope="col">{t('colStatus')}</th>
                  <th scope="col">{t('flaggedColVersion')}</th>
                  <th scope="col">{t('flaggedColAnswers')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.cityId} data-city={r.cityCode}>
                    <th scope="row">{r.cityName}</th>
                    <td>
                      <span className={`badge badge-${r.status}`}>{t(STATUS_KEY[r.status])}</span>
                    </td>
                    <td>{r.version}</td>
                    <td>
                      <ul className="flagged-answers">
                        {r.codes.map((code) => (
                          <li key={code}>
                            <code>{code}</code>: {answerText(r.values[code])}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
