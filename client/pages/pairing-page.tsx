/**
 * Peer pairing (Rec 13, issue 7): the ICC Unit reviews the suggested pairs of cities (score, reasons in words),
 * accepts or rejects each with a note, filters by decision and downloads the list as CSV. Analysts read only.
 * Everything comes from GET /api/surveys/:id/pairing (server/services/pairing.ts); reasons arrive in both
 * languages, the page shows the current one.
 */
// The Unit's and analysts' strings (client/i18n-pages.ts) are loaded with the pages that use them.
import '../i18n-pages';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, errorText } from '../api';
import { formatDateTime, translate, type Lang, type MessageKey } from '../i18n';
import { SignOutButton, useMe } from './home-page';
import { Layout } from './layout';
import './pairing-page.css';

type Status = 'accepted' | 'rejected' | 'pending';
interface PairCity {
  id: number;
  code: string;
  name: string;
  nameFr: string | null;
  country: string;
}
interface Pair {
  cityA: PairCity;
  cityB: PairCity;
  score: number | null;
  suggested: boolean;
  reasons: { kind: string; text: { en: string; fr: string } }[];
  status: Status;
  note: string;
  decidedAt: string | null;
  decidedBy: string | null;
}
interface PairingView {
  survey: { id: number; year: number; title: string };
  interested: number;
  skipped: string | null;
  counts: Record<Status, number>;
  pairs: Pair[];
}

const STATUS_KEY: Record<Status, MessageKey> = { pending: 'pairStatusPending', accepted: 'pairStatusAccepted', rejected: 'pairStatusRejected' };
const BADGE: Record<Status, string> = { pending: 'badge-draft', accepted: 'badge-submitted', rejected: 'badge-closed' };

export default function PairingPage({ surveyId, lang, setLang }: { surveyId: number; lang: Lang; setLang: (l: Lang) => void }) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const [me, setMe] = useMe();
  const [data, setData] = useState<PairingView>();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [statusFilter, setStatusFilter] = useState<'' | Status>('');

  const reload = useCallback(() => {
    api<PairingView>(`/api/surveys/${surveyId}/pairing`)
      .then(setData)
      .catch((err: unknown) => setError(errorText(err, t)));
  }, [surveyId, t]);
  useEffect(() => {
    if (me) reload();
  }, [me, reload]);
  const shown = useMemo(() => (data?.pairs ?? []).filter((p) => !statusFilter || p.status === statusFilter), [data, statusFilter]);

  if (me === null) {
    window.location.assign('/');
    return null;
  }
  const isAdmin = me?.role === 'admin';
  const nameOf = (c: PairCity) => (lang === 'fr' ? (c.nameFr ?? c.name) : c.name);
  const pairName = (p: Pair) => t('pairPartner', { a: nameOf(p.cityA), b: nameOf(p.cityB) });
  const score = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 });

  const decide = async (p: Pair, status: Status, note: string) => {
    setError(undefined);
    setSaved(undefined);
    try {
      await api(`/api/surveys/${surveyId}/pairing/${p.cityA.id}/${p.cityB.id}`, { method: 'PUT', body: { status, note } });
      setSaved(t('pairSaved', { pair: pairName(p) }));
      reload();
    } catch (err) {
      setError(errorText(err, t));
    }
  };

  return (
    <Layout
      lang={lang}
      setLang={setLang}
      wide
      title={data ? t('pairTitle', { year: data.survey.year }) : t('loading')}
      actions={me && <SignOutButton lang={lang} onDone={() => setMe(null)} />}
    >
      <p>
        <a href={`/admin/surveys/${surveyId}`}>{t('pairBack')}</a>
      </p>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <p role="status" className={saved ? 'notice notice-ok' : 'visually-hidden'}>
        {saved ?? ''}
      </p>
      {!data && !error && <p aria-busy="true">{t('loading')}</p>}
      {data && (
        <>
          <p>{t('pairIntro')}</p>
          <p className="muted">{t('pairMethod')}</p>
          {!isAdmin && <p className="notice">{t('pairReadOnly')}</p>}
          {data.skipped && <p className="notice notice-error">{t('pairSkipped')}</p>}
          <p>
            {t('pairCounts', {
              n: data.interested,
              pairs: data.pairs.length,
              accepted: data.counts.accepted,
              rejected: data.counts.rejected,
              pending: data.counts.pending,
            })}
          </p>
          <div className="toolbar">
            <label>
              {t('pairFilterStatus')}{' '}
              <select value={statusFilter} onChange={(e) => setStatusFilter(e.target.value as '' | Status)}>
                <option value="">{t('pairFilterAll')}</option>
                {(['pending', 'accepted', 'rejected'] as const).map((s) => (
                  <option key={s} value={s}>
                    {t(STATUS_KEY[s])}
                  </option>
                ))}
              </select>
            </label>
            <a className="button" href={`/api/surveys/${surveyId}/pairing.csv?bom=1${lang === 'fr' ? '&lang=fr' : ''}`} download>
              {t('pairDownloadCsv')}
            </a>
          </div>
          {shown.length === 0 && <p>{t('pairEmpty')}</p>}
          <ul className="pairing-list">
            {shown.map((p) => (
              <PairItem
                key={`${p.cityA.id}-${p.cityB.id}`}
                pair={p}
                title={pairName(p)}
                lang={lang}
                t={t}
                scoreText={p.score === null ? t('pairNoScore') : t('pairScore', { score: score.format(p.score) })}
                isAdmin={isAdmin}
                onDecide={(status, note) => void decide(p, status, note)}
              />
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}

function PairItem({
  pair: p,
  title,
  lang,
  t,
  scoreText,
  isAdmin,
  onDecide,
}: {
  pair: Pair;
  title: string;
  lang: Lang;
  t: (k: MessageKey, v?: Record<string, string | number>) => string;
  scoreText: string;
  isAdmin: boolean;
  onDecide: (status: Status, note: string) => void;
}) {
  const [note, setNote] = useState(p.note);
  useEffect(() => setNote(p.note), [p.note]);
  const id = `pair-${p.cityA.id}-${p.cityB.id}`;
  return (
    <li className="pairing-item">
      <article aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} className="pairing-title">
          {title}
        </h2>
        <p>
          <span className={`badge ${BADGE[p.status]}`}>{t(STATUS_KEY[p.status])}</span> <strong>{scoreText}</strong>
          {p.decidedAt && p.decidedBy && <span className="muted"> · {t('pairDecidedBy', { who: p.decidedBy, date: formatDateTime(lang, p.decidedAt) })}</span>}
        </p>
        {!p.suggested && <p className="muted">{t('pairNotSuggested')}</p>}
        {p.reasons.length > 0 && (
          <>
            <h3 className="pairing-why">{t('pairReasons')}</h3>
            <ul>
              {p.reasons.map((r, i) => (
                <li key={i}>{r.text[lang]}</li>
              ))}
            </ul>
          </>
        )}
        {isAdmin ? (
          <div className="pairing-decision">
            <label htmlFor={`${id}-note`}>{t('pairNote')}</label>
            <textarea id={`${id}-note`} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
            <div className="toolbar" role="group" aria-labelledby={`${id}-title`}>
              <button type="button" aria-pressed={p.status === 'accepted'} onClick={() => onDecide('accepted', note)}>
                {t('pairAccept')}
              </button>
              <button type="button" aria-pressed={p.status === 'rejected'} onClick={() => onDecide('rejected', note)}>
                {t('pairReject')}
              </button>
              {p.status !== 'pending' && (
                <button type="button" onClick={() => onDecide('pending', note)}>
                  {t('pairReset')}
                </button>
              )}
              <button type="button" onClick={() => onDecide(p.status, note)} disabled={note === p.note}>
                {t('pairSaveNote')}
              </button>
            </div>
          </div>
        ) : (
          p.note && (
            <p>
              {t('pairNote')}: {p.note}
            </p>
          )
        )}
      </article>
    </li>
  );
}
