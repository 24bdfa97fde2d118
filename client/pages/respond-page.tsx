import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Model, type Question } from 'survey-core';
import 'survey-core/i18n/french';
import 'survey-core/survey-core.fontless.css';
import { Survey } from 'survey-react-ui';
import '../../surveys/extensions';
import type { Answers } from '../../surveys/answers-merge';
import { ApiError, NetworkError, api, errorText, linkProblem } from '../api';
import { formatDate, safeStorage, translate, type Lang, type MessageKey } from '../i18n';
import { loadRespond, takeRespond } from '../respond/prefetch';
import { Autosave, type SaveResult, type SaveState, type StoredDraft } from '../respond/autosave';
import { Layout } from './layout';
import { YourTeam } from '../respond/your-team';
import { KeyDates, type KeyDate } from '../respond/key-dates';
import { annotateWithLastYear } from '../respond/last-year';

interface Loaded {
  survey: Record<string, unknown>;
  data: Answers;
  revision: number;
  status: 'draft' | 'submitted' | 'closed';
  pageNo: number;
  year: number;
  title: string;
  closesAt: string | null;
  city: { code: string; name: string; nameFr: string | null; country: string };
  previous: { year: number; data: Answers } | null;
  changes: Record<string, { author: string | null; at: string }>;
  /** Opening, reminders, deadline and events (Rec 12); absent from older servers. */
  keyDates?: KeyDate[];
  /** Answers to questions a newer version removed (the draft moved to it): kept, shown flagged (issue 4). */
  removedAnswers?: string[];
}

interface Conflict {
  questions: string[];
  server: { data: Answers; revision: number };
  local: Answers;
  base: Answers;
  changes: Record<string, { author: string | null; at: string }>;
}

const AUTHOR_KEY = 'icc:author';
const draftKey = (token: string) => `icc:draft:${token.slice(0, 16)}`;

function draftStorage(token: string) {
  const s = safeStorage();
  return {
    get(): StoredDraft | undefined {
      try {
        const raw = s?.getItem(draftKey(token));
        return raw ? (JSON.parse(raw) as StoredDraft) : undefined;
      } catch {
        return undefined;
      }
    },
    set(d: StoredDraft) {
      try {
        s?.setItem(draftKey(token), JSON.stringify(d));
      } catch {
        // storage full or disabled: the server copy is still the reference
      }
    },
    clear() {
      s?.removeItem(draftKey(token));
    },
  };
}

function displayOf(model: Model, name: string, value: unknown, lang: Lang): string {
  const q = model.getQuestionByValueName(name) ?? model.getQuestionByName(name.replace(/-Comment$/, ''));
  if (value === undefined || value === null || value === '') return translate(lang, 'empty');
  if (!q || name.endsWith('-Comment')) return typeof value === 'string' ? value : JSON.stringify(value);
  const shown = (q as Question & { getDisplayValue(keys: boolean, value: unknown): unknown }).getDisplayValue(true, value);
  return readable(shown);
}

/** A display value as a person reads it: a matrix's `{row: column}` as "row: column; ...", a list joined with commas. */
function readable(shown: unknown): string {
  if (typeof shown === 'string') return shown;
  if (Array.isArray(shown)) return shown.map(readable).join(', ');
  if (shown && typeof shown === 'object') {
    return Object.entries(shown)
      .map(([k, v]) => `${k}: ${readable(v)}`)
      .join('; ');
  }
  return shown === undefined || shown === null ? '' : String(shown);
}

const SurveyView = memo(function SurveyView({ model }: { model: Model }) {
  return (
    <div className="survey-host">
      <Survey model={model} />
    </div>
  );
});

export default function RespondPage({ token, lang, setLang }: { token: string; lang: Lang; setLang: (l: Lang) => void }) {
  // The city's answers were requested as the app started (main.tsx): when they have arrived, the first render
  // is the survey itself.
  const [loaded, setLoaded] = useState<Loaded | undefined>(() => takeRespond<Loaded>(token));
  const [problem, setProblem] = useState<MessageKey>();
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const haveLoaded = loaded !== undefined;

  useEffect(() => {
    if (haveLoaded) return;
    let cancelled = false;
    loadRespond<Loaded>(token)
      .then((l) => !cancelled && setLoaded(l))
      .catch((err: unknown) => {
        if (cancelled) return;
        // Any other 404 (the survey or the city gone) is a link that no longer leads anywhere.
        setProblem(linkProblem(err) ?? (err instanceof ApiError && err.status === 404 ? 'linkUnknown' : 'networkError'));
      });
    return () => {
      cancelled = true;
    };
  }, [token, haveLoaded]);

  if (problem) {
    return (
      <Layout lang={lang} setLang={setLang} title={t('linkProblem')}>
        <div className="notice notice-error" role="alert">
          <p>{t(problem)}</p>
          <p>{t('contact')}</p>
        </div>
      </Layout>
    );
  }
  if (!loaded) {
    return (
      <Layout lang={lang} setLang={setLang} title={t('appName')}>
        <p aria-busy="true">{t('loading')}</p>
      </Layout>
    );
  }
  return <RespondForm token={token} loaded={loaded} lang={lang} setLang={setLang} />;
}

function RespondForm({ token, loaded, lang, setLang }: { token: string; loaded: Loaded; lang: Lang; setLang: (l: Lang) => void }) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const storage = useMemo(() => draftStorage(token), [token]);
  const [status, setStatus] = useState(loaded.status);
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [conflict, setConflict] = useState<Conflict>();
  const [notice, setNotice] = useState<{ kind: 'info' | 'error' | 'success'; text: string }>();
  const [author, setAuthor] = useState(() => safeStorage()?.getItem(AUTHOR_KEY) ?? '');
  const authorRef = useRef(author);
  authorRef.current = author;

  const restored = useMemo(() => Autosave.restore(storage.get(), loaded), [storage, loaded]);

  const model = useMemo(() => {
    const m = new Model(loaded.survey);
    annotateWithLastYear(m, loaded.survey, loaded.previous);
    m.data = restored?.show ?? loaded.data;
    if (loaded.pageNo > 0 && loaded.pageNo < m.visiblePageCount) m.currentPageNo = loaded.pageNo;
    return m;
  }, [loaded, restored]);

  useEffect(() => {
    model.locale = lang === 'fr' ? 'fr' : '';
  }, [model, lang]);

  useEffect(() => {
    model.readOnly = status !== 'draft';
    if (status === 'submitted') setNotice({ kind: 'success', text: t('submitted') });
    if (status === 'closed') setNotice({ kind: 'info', text: t('closed') });
  }, [model, status, t]);

  const autosave = useMemo(() => {
    const send = async (body: object): Promise<SaveResult> => {
      try {
        const r = await api<{ revision: number; data: Answers }>(`/api/respond/${encodeURIComponent(token)}`, { method: 'PUT', body });
        return { kind: 'ok', revision: r.revision, data: r.data };
      } catch (err) {
        if (err instanceof NetworkError) return { kind: 'network' };
        if (err instanceof ApiError && err.code === 'conflict') {
          const e = err.body.error as { questions?: string[]; changes?: Conflict['changes'] };
          return {
            kind: 'conflict',
            revision: err.body.revision as number,
            data: err.body.data as Answers,
            questions: e.questions ?? [],
            changes: e.changes ?? {},
          };
        }
        if (err instanceof ApiError && (err.code === 'submitted' || err.code === 'closed')) return { kind: 'submitted' };
        if (err instanceof ApiError) return { kind: 'error', message: err.message, retry: err.status >= 500 || err.status === 429 };
        return { kind: 'error', message: String(err), retry: true };
      }
    };
    return new Autosave(
      {
        send,
        read: () => ({ data: model.data as Answers, pageNo: model.currentPageNo, progress: progressOf(model) }),
        applyRemote: (q, v) => model.setValue(q, v),
        author: () => authorRef.current.trim() || null,
        storage,
        onState: (s) => setSaveState(s),
        onConflict: (c, local, base) =>
          setConflict({ questions: c.questions, server: { data: c.data, revision: c.revision }, local, base, changes: c.changes }),
        onSubmitted: () => {
          api<Loaded>(`/api/respond/${encodeURIComponent(token)}`)
            .then((l) => {
              model.data = l.data;
              setStatus(l.status);
            })
            .catch(() => setStatus('submitted'));
        },
      },
      restored?.base ?? { data: loaded.data, revision: loaded.revision },
    );
  }, [model, token, storage, loaded, restored]);

  useEffect(() => {
    if (restored && loaded.status === 'draft') {
      setNotice({ kind: 'info', text: t('restoredOffline') });
      void autosave.flush();
    }
    // only once, for the copy found at load
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [autosave]);

  useEffect(() => {
    autosave.start();
    const onChange = () => autosave.changed();
    const onPage = () => autosave.changed();
    const onCompleting = (_: Model, options: { allow: boolean }) => {
      options.allow = false;
      void submit();
    };
    model.onValueChanged.add(onChange);
    model.onCurrentPageChanged.add(onPage);
    model.onCompleting.add(onCompleting);
    const online = () => void autosave.flush();
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (autosave.hasUnsaved()) {
        void autosave.flush();
        e.preventDefault();
      }
    };
    window.addEventListener('online', online);
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      model.onValueChanged.remove(onChange);
      model.onCurrentPageChanged.remove(onPage);
      model.onCompleting.remove(onCompleting);
      window.removeEventListener('online', online);
      window.removeEventListener('beforeunload', beforeUnload);
      autosave.stop();
    };
    // submit is stable enough through refs
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model, autosave]);

  const langRef = useRef(lang);
  langRef.current = lang;

  async function submit() {
    await autosave.flush();
    if (autosave.state === 'conflict') return;
    setNotice({ kind: 'info', text: translate(langRef.current, 'submitting') });
    try {
      await api(`/api/respond/${encodeURIComponent(token)}/submit`, {
        method: 'POST',
        body: { data: model.data, revision: autosave.revision, author: authorRef.current.trim() || null, locale: langRef.current },
      });
      autosave.stop();
      storage.clear();
      setStatus('submitted');
      window.scrollTo(0, 0);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'validation_failed') {
        const questions = (err.body.error as { questions?: Record<string, string[]> }).questions ?? {};
        showServerErrors(model, questions);
        setNotice({ kind: 'error', text: translate(langRef.current, 'submitErrors') });
      } else if (err instanceof ApiError && err.code === 'conflict') {
        void autosave.flush();
      } else {
        setNotice({ kind: 'error', text: errorText(err, (k, v) => translate(langRef.current, k, v)) });
      }
    }
  }

  function resolve(choices: Record<string, 'mine' | 'theirs'>) {
    if (!conflict) return;
    const next: Answers = { ...conflict.server.data };
    // The page as it is now, not as it was when the conflict appeared: the person may have kept answering meanwhile.
    const local = { ...(model.data as Answers) };
    const keys = new Set([...Object.keys(local), ...Object.keys(conflict.base)]);
    for (const k of keys) {
      const mine = conflict.questions.includes(k) ? choices[k] === 'mine' : JSON.stringify(local[k]) !== JSON.stringify(conflict.base[k]);
      if (!mine) continue;
      if (local[k] === undefined) delete next[k];
      else next[k] = local[k];
    }
    const page = model.currentPageNo;
    model.data = next;
    model.currentPageNo = page;
    setConflict(undefined);
    autosave.resolved(conflict.server);
  }

  const cityName = lang === 'fr' && loaded.city.nameFr ? loaded.city.nameFr : loaded.city.name;
  return (
    <Layout lang={lang} setLang={setLang} title={t('surveyFor', { city: cityName })} wide>
      <div className="respond-meta">
        <p className="muted">
          {t('year', { year: loaded.year })}
          {loaded.closesAt ? ` · ${t('closesOn', { date: formatDate(lang, loaded.closesAt) })}` : ''}
        </p>
        {status === 'draft' && <SaveIndicator state={saveState} t={t} />}
      </div>
      <KeyDates token={token} dates={loaded.keyDates ?? []} lang={lang} />
      {(loaded.removedAnswers ?? []).length > 0 && (
        <details className="notice removed-answers">
          <summary>{t('respondRemovedAnswers', { n: loaded.removedAnswers!.length })}</summary>
          <ul>
            {loaded.removedAnswers!.map((code) => (
              <li key={code}>
                <code>{code}</code>: {JSON.stringify(loaded.data[code])}
              </li>
            ))}
          </ul>
        </details>
      )}
      {status === 'closed' && (
        <p className="notice">
          <a href={`/r/${encodeURIComponent(token)}/report`}>{t('reportReadOwn')}</a>
        </p>
      )}
      {status === 'draft' && (
        <div className="author">
          <label htmlFor="author">{t('yourName')}</label>
          <input
            id="author"
            type="text"
            autoComplete="name"
            maxLength={100}
            value={author}
            aria-describedby="author-hint"
            onChange={(e) => {
              setAuthor(e.target.value);
              safeStorage()?.setItem(AUTHOR_KEY, e.target.value);
            }}
          />
          <p id="author-hint" className="hint">
            {t('yourNameHint')}
          </p>
        </div>
      )}
      {notice && (
        <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </div>
      )}
      {conflict && <ConflictDialog conflict={conflict} model={model} lang={lang} onResolve={resolve} />}
      <SurveyView model={model} />
      <YourTeam token={token} lang={lang} canEdit={status !== 'closed'} />
    </Layout>
  );
}

/** Answer keys sorted as their questions appear in the questionnaire (unknown keys last, by name). */
function inQuestionnaireOrder(model: Model, keys: string[]): string[] {
  const order = new Map(model.getAllQuestions().map((q, i) => [q.getValueName(), i]));
  const rank = (k: string) => order.get(k.replace(/-Comment$/, '')) ?? Number.MAX_SAFE_INTEGER;
  return [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function progressOf(model: Model): number {
  const info = model.getProgressInfo();
  return info.questionCount > 0 ? Math.round((info.answeredQuestionCount / info.questionCount) * 1000) / 1000 : 0;
}

/** Shows the server's per-question messages at their questions and takes the person to the first one. */
function showServerErrors(model: Model, questions: Record<string, string[]>) {
  let first: Question | undefined;
  for (const [name, msgs] of Object.entries(questions)) {
    const q = model.getQuestionByName(name) ?? model.getQuestionByValueName(name);
    if (!q) continue;
    for (const m of msgs) q.addError(m);
    first ??= q;
  }
  if (first) {
    const page = model.getPageByQuestion(first);
    if (page) model.currentPage = page;
    setTimeout(() => first?.focus(true), 50);
  }
}

function SaveIndicator({ state, t }: { state: SaveState; t: (k: MessageKey) => string }) {
  const key: MessageKey =
    state === 'saved' ? 'saved' : state === 'saving' ? 'saving' : state === 'offline' ? 'offline' : state === 'retrying' ? 'retrying' : state === 'conflict' ? 'conflictTitle' : 'unsaved';
  return (
    <p className={`save-state save-${state}`} role="status" aria-live="polite" data-state={state}>
      {t(key)}
    </p>
  );
}

function ConflictDialog({
  conflict,
  model,
  lang,
  onResolve,
}: {
  conflict: Conflict;
  model: Model;
  lang: Lang;
  onResolve: (choices: Record<string, 'mine' | 'theirs'>) => void;
}) {
  const [choices, setChoices] = useState<Record<string, 'mine' | 'theirs'>>(() =>
    Object.fromEntries(conflict.questions.map((q) => [q, 'mine' as const])),
  );
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className="conflict" role="alertdialog" aria-labelledby="conflict-title" aria-describedby="conflict-intro">
      <h2 id="conflict-title" tabIndex={-1} ref={headingRef}>
        {t('conflictTitle')}
      </h2>
      <p id="conflict-intro">{t('conflictIntro')}</p>
      {inQuestionnaireOrder(model, conflict.questions).map((name) => {
        const q = model.getQuestionByValueName(name) ?? model.getQuestionByName(name);
        const who = conflict.changes[name]?.author || t('aColleague');
        return (
          <fieldset key={name} className="conflict-item">
            <legend>{q?.processedTitle ?? name}</legend>
            <label className="choice">
              <input
                type="radio"
                name={`c-${name}`}
                checked={choices[name] === 'mine'}
                onChange={() => setChoices({ ...choices, [name]: 'mine' })}
              />
              <span>
                <strong>{t('keepMine')}</strong> · {t('yours')}{t('colon')}{displayOf(model, name, conflict.local[name], lang)}
              </span>
            </label>
            <label className="choice">
              <input
                type="radio"
                name={`c-${name}`}
                checked={choices[name] === 'theirs'}
                onChange={() => setChoices({ ...choices, [name]: 'theirs' })}
              />
              <span>
                <strong>{t('keepTheirs')}</strong> · {t('theirs', { who })}{t('colon')}{displayOf(model, name, conflict.server.data[name], lang)}
              </span>
            </label>
          </fieldset>
        );
      })}
      <button type="button" className="primary" onClick={() => onResolve(choices)}>
        {t('applyChoices')}
      </button>
    </section>
  );
}
