// The Unit's and analysts' strings (client/i18n-pages.ts) are loaded with the pages that use them.
import '../i18n-pages';
import { useCallback, useDeferredValue, useEffect, useMemo, useReducer, useRef, useState, type DragEvent, type KeyboardEvent, type ReactNode } from 'react';
import { INDICATORS, POLICY_AREAS } from '../../surveys/extensions';
import { ApiError, NetworkError, api, errorText } from '../api';
import { fetchOnce, takeSettled } from '../prefetch';
import { BuilderPreview } from '../builder/builder-preview';
import { CompareView } from '../builder/compare-view';
import { LogicEditor } from '../builder/condition-editor';
import { completenessByPage } from '../builder/translations';
import { IndicatorsView } from '../builder/indicators-view';
import { CampaignSettings } from '../builder/campaign-settings';
import { MappingForm } from '../builder/mapping-form';
import { OutlineTree, pathKey, samePath, type OutlineHandlers } from '../builder/outline-tree';
import { TestRun } from '../builder/test-run';
import type { AnswerMapping, RenameNeed } from '../../surveys/definition-diff';
import { TypeProperties } from '../builder/property-editors';
import { TranslationsView } from '../builder/translations-view';
import {
  CHOICE_TYPES,
  EDITABLE_TYPES,
  addItem,
  addPage,
  addQuestion,
  canRedo,
  canUndo,
  changeType,
  commit,
  countName,
  createHistory,
  deleteAt,
  duplicateAt,
  getAt,
  itemsOf,
  moveAt,
  moveItem,
  moveToTarget,
  outlineOf,
  redo,
  removeItem,
  setItemText,
  setProperty,
  setText,
  textOf,
  undo,
  updateItem,
  type Definition,
  type DropPosition,
  type ElementPath,
  type History,
  type JsonObject,
  type Locale,
  type OutlineRow,
} from '../builder/edit-definition';
import '../builder/builder.css';
import { translate, type Lang, type MessageKey } from '../i18n';
import { SignOutButton, useMe } from './home-page';
import { Layout } from './layout';

interface Draft {
  survey: { id: number; title: string; year: number; status: string; code?: string; opensAt?: string | null; closesAt?: string | null };
  versionId: number;
  number: number;
  revision: number;
  definition: Definition;
  problems: string[];
  /** Values and codes a condition could not be written on (surveys/expression-rewrites.ts): not blocking. */
  warnings?: string[];
}

/** What the builder shows below its toolbar. */
type View = 'build' | 'translations' | 'compare' | 'indicators' | 'settings';

const VIEW_LABEL: Record<View, MessageKey> = {
  build: 'builderViewBuild',
  translations: 'builderViewTranslations',
  indicators: 'builderViewIndicators',
  settings: 'builderViewSettings',
  compare: 'builderViewCompare',
};

type SaveState = 'saved' | 'unsaved' | 'saving' | 'conflict' | 'published-elsewhere' | 'error';

const TYPE_LABEL: Record<string, MessageKey> = {
  text: 'builderTypeText',
  comment: 'builderTypeComment',
  radiogroup: 'builderTypeRadiogroup',
  checkbox: 'builderTypeCheckbox',
  dropdown: 'builderTypeDropdown',
  tagbox: 'builderTypeTagbox',
  boolean: 'builderTypeBoolean',
  rating: 'builderTypeRating',
  ranking: 'builderTypeRanking',
  matrix: 'builderTypeMatrix',
  matrixdropdown: 'builderTypeMatrixDropdown',
  matrixdynamic: 'builderTypeMatrixDynamic',
  multipletext: 'builderTypeMultipleText',
  paneldynamic: 'builderTypePanelDynamic',
  expression: 'builderTypeExpression',
  html: 'builderTypeHtml',
};

type Action =
  | { kind: 'edit'; definition: Definition; key?: string }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'reset'; definition: Definition };

function historyReducer(h: History, a: Action): History {
  switch (a.kind) {
    case 'edit':
      return commit(h, a.definition, a.key);
    case 'undo':
      return undo(h);
    case 'redo':
      return redo(h);
    case 'reset':
      return createHistory(a.definition);
  }
}


function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** The ICC Unit's questionnaire builder: outline, properties, live preview, autosaved draft, publishing. */
export default function BuilderPage({ surveyId, lang, setLang }: { surveyId: number; lang: Lang; setLang: (l: Lang) => void }) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const [me, setMe] = useMe();
  // Requested as the app booted (main.tsx) when the builder is the first page opened: when it has already
  // arrived, the first render is the builder itself.
  const [draft, setDraft] = useState<Draft | undefined>(() => takeSettled<Draft>(`/api/surveys/${surveyId}/draft`));
  const [loadError, setLoadError] = useState<string>();
  const haveDraft = draft !== undefined;

  useEffect(() => {
    if (me?.role !== 'admin' || haveDraft) return;
    fetchOnce<Draft>(`/api/surveys/${surveyId}/draft`)
      .then(setDraft)
      .catch((err: unknown) => setLoadError(errorText(err, t)));
  }, [me, surveyId, t, haveDraft]);

  if (me === null) {
    window.location.assign('/');
    return null;
  }
  const signOut = me && <SignOutButton lang={lang} onDone={() => setMe(null)} />;
  if (me && me.role !== 'admin') {
    return (
      <Layout lang={lang} setLang={setLang} title={t('builderHeading')} actions={signOut}>
        <p className="notice">{t('builderOnlyAdmins')}</p>
      </Layout>
    );
  }
  if (!draft) {
    return (
      <Layout lang={lang} setLang={setLang} title={t('builderHeading')} actions={signOut}>
        {loadError ? (
          <p className="notice notice-error" role="alert">
            {loadError}
          </p>
        ) : (
          <p aria-busy="true">{t('loading')}</p>
        )}
      </Layout>
    );
  }
  return <Builder surveyId={surveyId} initial={draft} lang={lang} setLang={setLang} t={t} actions={signOut} />;
}

function Builder({
  surveyId,
  initial,
  lang,
  setLang,
  t,
  actions,
}: {
  surveyId: number;
  initial: Draft;
  lang: Lang;
  setLang: (l: Lang) => void;
  t: (k: MessageKey, v?: Record<string, string | number>) => string;
  actions: ReactNode;
}) {
  const [history, dispatch] = useReducer(historyReducer, initial.definition, createHistory);
  const def = history.present;
  const [selected, setSelected] = useState<ElementPath | undefined>([0]);
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [problems, setProblems] = useState<string[]>(initial.problems);
  const [warnings, setWarnings] = useState<string[]>(initial.warnings ?? []);
  const [conflict, setConflict] = useState<{ revision: number; definition: Definition }>();
  const [saveError, setSaveError] = useState<string>();
  const [publishing, setPublishing] = useState(false);
  const [publishNotice, setPublishNotice] = useState<{ ok: boolean; text: string; problems?: string[] }>();
  const [previewLocale, setPreviewLocale] = useState<'en' | 'fr'>(lang);
  const [newType, setNewType] = useState<string>('radiogroup');
  const [versionNumber, setVersionNumber] = useState(initial.number);
  const [view, setView] = useState<View>('build');
  const [showHidden, setShowHidden] = useState(true);
  const [dates, setDates] = useState({ opensAt: initial.survey.opensAt ?? null, closesAt: initial.survey.closesAt ?? null });
  const [previewWidth, setPreviewWidth] = useState<'desktop' | 'phone'>('desktop');
  /** The definition under test as a respondent (a snapshot: edits meanwhile do not restart the test). */
  const [testing, setTesting] = useState<Definition>();

  // What the server holds, for autosave: the definition last saved, its revision and the draft's version id.
  const saved = useRef({ definition: initial.definition, revision: initial.revision, versionId: initial.versionId });
  const presentRef = useRef(def);
  presentRef.current = def;
  const inFlight = useRef<Promise<void> | undefined>(undefined);
  const blocked = useRef(false);

  const edit = useCallback((definition: Definition, key?: string) => dispatch({ kind: 'edit', definition, key }), []);

  const save = useCallback(async (): Promise<void> => {
    if (inFlight.current) await inFlight.current;
    const definition = presentRef.current;
    if (blocked.current || definition === saved.current.definition) return;
    const run = (async () => {
      setSaveState('saving');
      try {
        const r = await api<{ revision: number; problems: string[]; warnings?: string[] }>(`/api/surveys/${surveyId}/draft`, {
          method: 'PUT',
          body: { definition, baseRevision: saved.current.revision, versionId: saved.current.versionId },
        });
        saved.current = { ...saved.current, definition, revision: r.revision };
        setProblems(r.problems);
        setWarnings(r.warnings ?? []);
        setSaveError(undefined);
        setSaveState(presentRef.current === definition ? 'saved' : 'unsaved');
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          blocked.current = true;
          const reason = (err.body.error as { reason?: string } | undefined)?.reason;
          if (reason === 'stale') {
            setConflict({ revision: err.body.revision as number, definition: err.body.definition as Definition });
            setSaveState('conflict');
          } else setSaveState('published-elsewhere');
        } else {
          setSaveError(err instanceof NetworkError || !(err instanceof ApiError) ? t('networkError') : err.message);
          setSaveState('error');
        }
      }
    })();
    inFlight.current = run;
    await run;
    inFlight.current = undefined;
  }, [surveyId, t]);

  // Autosave a second after the last edit.
  useEffect(() => {
    if (def === saved.current.definition) {
      // Undo or redo back to what the server holds: nothing to save.
      if (!blocked.current && !inFlight.current) setSaveState((s) => (s === 'error' ? s : 'saved'));
      return;
    }
    if (!blocked.current) setSaveState((s) => (s === 'saving' ? s : 'unsaved'));
    const id = setTimeout(() => void save(), 1000);
    return () => clearTimeout(id);
  }, [def, save]);

  // Leaving with unsaved work asks first.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (presentRef.current !== saved.current.definition || inFlight.current) {
        e.preventDefault();
        e.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  const loadTheirs = () => {
    if (!conflict) return;
    saved.current = { ...saved.current, definition: conflict.definition, revision: conflict.revision };
    blocked.current = false;
    setConflict(undefined);
    edit(conflict.definition);
    setSaveState('saved');
  };
  const keepMine = () => {
    if (!conflict) return;
    saved.current = { ...saved.current, revision: conflict.revision };
    blocked.current = false;
    setConflict(undefined);
    void save();
  };
  const continueInNewDraft = async () => {
    try {
      const d = await api<Draft>(`/api/surveys/${surveyId}/draft`);
      saved.current = { definition: d.definition, revision: d.revision, versionId: d.versionId };
      setVersionNumber(d.number);
      blocked.current = false;
      await save();
    } catch (err) {
      setSaveError(errorText(err, t));
    }
  };

  const [unmapped, setUnmapped] = useState<RenameNeed[]>();
  const publish = async (mapping?: AnswerMapping) => {
    setPublishing(true);
    setPublishNotice(undefined);
    setUnmapped(undefined);
    try {
      await save();
      if (blocked.current || presentRef.current !== saved.current.definition) return;
      const r = await api<{ number: number; warnings?: string[]; movedDrafts?: number; flaggedAnswers?: number }>(`/api/surveys/${surveyId}/publish`, {
        method: 'POST',
        body: mapping ? { revision: saved.current.revision, mapping } : { revision: saved.current.revision },
      });
      const warnings = r.warnings ?? [];
      setPublishNotice({
        ok: true,
        text:
          t('builderPublished', { n: r.number }) +
          (r.movedDrafts ? ` ${t('builderMovedDrafts', { drafts: r.movedDrafts, flagged: r.flaggedAnswers ?? 0 })}` : '') +
          (warnings.length > 0 ? ` ${t('builderPublishWarnings', { n: warnings.length })}` : ''),
        problems: warnings.length > 0 ? warnings : undefined,
      });
      // Further edits go to a new draft, a copy of what was just published.
      const d = await api<Draft>(`/api/surveys/${surveyId}/draft`);
      saved.current = { definition: presentRef.current, revision: d.revision, versionId: d.versionId };
      setVersionNumber(d.number);
      setProblems(d.problems);
      setWarnings(d.warnings ?? []);
    } catch (err) {
      if (err instanceof ApiError) {
        const e = err.body.error as { problems?: string[]; reason?: string; unmapped?: RenameNeed[] } | undefined;
        if (err.status === 409 && e?.reason === 'unmapped' && e.unmapped) {
          setUnmapped(e.unmapped);
          setPublishNotice({ ok: false, text: t('builderMappingNeeded') });
          return;
        }
        setPublishNotice({ ok: false, text: e?.problems ? t('builderPublishRefused') : err.message, problems: e?.problems });
      } else setPublishNotice({ ok: false, text: t('networkError') });
    } finally {
      setPublishing(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || !(e.ctrlKey || e.metaKey)) return;
    const key = e.key.toLowerCase();
    if (key === 'z' && !e.shiftKey) dispatch({ kind: 'undo' });
    else if (key === 'y' || (key === 'z' && e.shiftKey)) dispatch({ kind: 'redo' });
    else return;
    e.preventDefault();
  };

  const outline = useMemo(() => outlineOf(def), [def]);
  // The untranslated count walks every text of the definition (about 20 ms for 300 questions on opening, a few
  // ms a keystroke): React works it out in a background render, once the builder or the keystroke is painted.
  const countedDef = useDeferredValue<Definition | null>(def, null);
  const untranslated = useMemo(() => {
    if (countedDef === null) return null;
    const { translated, total } = completenessByPage(countedDef);
    return total - translated;
  }, [countedDef]);
  const current = selected && getAt(def, selected) ? selected : undefined;
  const previewDef = useDebounced(def, 400);
  const previewPage = current?.[0] ?? 0;

  const doMove = (path: ElementPath, dir: -1 | 1) => {
    const moved = moveAt(def, path, dir);
    if (!moved) return;
    edit(moved.definition);
    setSelected(moved.path);
  };
  // Drag and drop in the outline (the buttons and Alt+arrows do the same from the keyboard).
  const [dragFrom, setDragFrom] = useState<ElementPath>();
  const [dropAt, setDropAt] = useState<{ path: ElementPath; position: DropPosition }>();
  const endDrag = () => {
    setDragFrom(undefined);
    setDropAt(undefined);
  };
  /** Where a drop at this height of the row goes: into pages, into the middle of panels, else before / after. */
  const dropPosition = (e: DragEvent<HTMLElement>, kind: OutlineRow['kind']): DropPosition => {
    if (kind === 'page' && dragFrom && dragFrom.length > 1) return 'inside';
    const box = e.currentTarget.getBoundingClientRect();
    const y = (e.clientY - box.top) / Math.max(box.height, 1);
    if (kind === 'panel') return y < 0.25 ? 'before' : y > 0.75 ? 'after' : 'inside';
    return y < 0.5 ? 'before' : 'after';
  };
  const onDragOver = (e: DragEvent<HTMLElement>, row: OutlineRow) => {
    if (!dragFrom) return;
    const position = dropPosition(e, row.kind);
    if (!moveToTarget(def, dragFrom, row.path, position)) {
      if (dropAt) setDropAt(undefined);
      return;
    }
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    if (!dropAt || !samePath(dropAt.path, row.path) || dropAt.position !== position) setDropAt({ path: row.path, position });
  };
  const onDrop = (e: DragEvent<HTMLElement>, row: OutlineRow) => {
    e.preventDefault();
    const moved = dragFrom && moveToTarget(def, dragFrom, row.path, dropPosition(e, row.kind));
    endDrag();
    if (!moved) return;
    edit(moved.definition);
    setSelected(moved.path);
  };
  // The outline's rows get one handlers object for the page's life (so that an edit re-renders only the rows it
  // changes); each call goes to this render's functions.
  const latest = useRef<OutlineHandlers>(undefined!);
  latest.current = {
    select: setSelected,
    move: doMove,
    dragStart: (e, row) => {
      e.dataTransfer.effectAllowed = 'move';
      e.dataTransfer.setData('text/plain', row.name || pathKey(row.path));
      setDragFrom(row.path);
    },
    dragOver: onDragOver,
    dragLeave: (e, row) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null) && samePath(row.path, dropAt?.path)) setDropAt(undefined);
    },
    drop: onDrop,
    dragEnd: endDrag,
  };
  const outlineHandlers = useMemo<OutlineHandlers>(
    () => ({
      select: (p) => latest.current.select(p),
      move: (p, dir) => latest.current.move(p, dir),
      dragStart: (e, row) => latest.current.dragStart(e, row),
      dragOver: (e, row) => latest.current.dragOver(e, row),
      dragLeave: (e, row) => latest.current.dragLeave(e, row),
      drop: (e, row) => latest.current.drop(e, row),
      dragEnd: () => latest.current.dragEnd(),
    }),
    [],
  );

  const doAdd = () => {
    const added = addQuestion(def, newType, current);
    edit(added.definition);
    setSelected(added.path);
  };

  const saveLabel: Record<SaveState, string> = {
    saved: t('saved'),
    unsaved: t('unsaved'),
    saving: t('saving'),
    conflict: t('builderConflictState'),
    'published-elsewhere': t('builderConflictState'),
    error: t('builderSaveFailed'),
  };

  return (
    <Layout
      lang={lang}
      setLang={setLang}
      wide
      title={t('builderTitle', { year: initial.survey.year, title: (lang === 'fr' && textOf(initial.definition.title, 'fr')) || initial.survey.title })}
      actions={actions}
    >
      <div className="builder" onKeyDown={onKeyDown}>
        <div className="builder-bar" role="toolbar" aria-label={t('builderToolbar')}>
          <button type="button" onClick={() => dispatch({ kind: 'undo' })} disabled={!canUndo(history)}>
            {t('builderUndo')}
          </button>
          <button type="button" onClick={() => dispatch({ kind: 'redo' })} disabled={!canRedo(history)}>
            {t('builderRedo')}
          </button>
          <span className="muted">{t('builderDraftOf', { n: versionNumber })}</span>
          <p className={`save-state save-${saveState === 'published-elsewhere' ? 'conflict' : saveState}`} role="status">
            {saveLabel[saveState]}
          </p>
          {untranslated !== null && (
            <span className={untranslated > 0 ? 'badge badge-draft' : 'badge badge-open'}>
              {untranslated > 0 ? t('builderUntranslated', { n: untranslated }) : t('builderAllTranslated')}
            </span>
          )}
          <button type="button" className="primary builder-publish" onClick={() => void publish()} disabled={publishing}>
            {publishing ? t('builderPublishing') : t('builderPublish')}
          </button>
          <a href={`/admin/surveys/${surveyId}`}>{t('builderBack')}</a>
        </div>
        <div className="builder-views" role="group" aria-label={t('builderViews')}>
          {(['build', 'translations', 'indicators', 'settings', 'compare'] as const).map((v) => (
            <button key={v} type="button" aria-pressed={view === v} onClick={() => setView(v)}>
              {t(VIEW_LABEL[v])}
            </button>
          ))}
        </div>

        {saveState === 'conflict' && conflict && (
          <div className="notice notice-error" role="alert">
            <p>{t('builderConflict')}</p>
            <div className="actions">
              <button type="button" onClick={loadTheirs}>
                {t('builderLoadTheirs')}
              </button>
              <button type="button" onClick={keepMine}>
                {t('builderKeepMine')}
              </button>
            </div>
          </div>
        )}
        {saveState === 'published-elsewhere' && (
          <div className="notice notice-error" role="alert">
            <p>{t('builderPublishedElsewhere')}</p>
            <button type="button" onClick={() => void continueInNewDraft()}>
              {t('builderContinue')}
            </button>
          </div>
        )}
        {saveState === 'error' && (
          <div className="notice notice-error" role="alert">
            <p>{saveError}</p>
            <button type="button" onClick={() => void save()}>
              {t('builderRetry')}
            </button>
          </div>
        )}
        {publishNotice && (
          <div className={`notice ${publishNotice.ok ? 'notice-success' : 'notice-error'}`} role={publishNotice.ok ? 'status' : 'alert'}>
            <p>{publishNotice.text}</p>
            {publishNotice.problems && (
              <ul className="builder-problems">
                {publishNotice.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {unmapped && (
          <MappingForm key={JSON.stringify(unmapped)} needs={unmapped} def={def} t={t} busy={publishing} onPublish={(m) => void publish(m)} />
        )}
        {problems.length > 0 && (
          <details className="builder-problem-list">
            <summary>{t('builderProblems', { n: problems.length })}</summary>
            <ul className="builder-problems">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </details>
        )}
        {warnings.length > 0 && (
          <details className="builder-problem-list builder-warning-list">
            <summary>{t('builderValueWarnings', { n: warnings.length })}</summary>
            <ul className="builder-problems">
              {warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </details>
        )}

        {view === 'translations' && (
          <TranslationsView def={def} edit={edit} t={t} fileName={`${initial.survey.code ?? 'survey'}-${initial.survey.year}`} />
        )}
        {view === 'settings' && <CampaignSettings surveyId={surveyId} def={def} edit={edit} t={t} dates={dates} onDates={setDates} />}
        {view === 'indicators' && (
          <IndicatorsView
            def={def}
            t={t}
            onGo={(path) => {
              setSelected(path);
              setView('build');
            }}
          />
        )}
        {view === 'compare' && <CompareView surveyId={surveyId} year={initial.survey.year} code={initial.survey.code} t={t} lang={lang} />}
        {view === 'build' && (
          <div className="builder-columns">
            <section className="builder-outline" aria-labelledby="builder-outline-title">
              <h2 id="builder-outline-title">{t('builderOutline')}</h2>
              <div className="builder-add">
                <label>
                  {t('builderNewType')}{' '}
                  <select value={newType} onChange={(e) => setNewType(e.target.value)}>
                    {EDITABLE_TYPES.map((type) => (
                      <option key={type} value={type}>
                        {t(TYPE_LABEL[type]!)}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="button" onClick={doAdd}>
                  {t('builderAddQuestion')}
                </button>
                <button
                  type="button"
                  onClick={() => {
                    const added = addPage(def, current?.[0]);
                    edit(added.definition);
                    setSelected(added.path);
                  }}
                >
                  {t('builderAddPage')}
                </button>
              </div>
              <OutlineTree rows={outline} selected={current} dropAt={dropAt} dragFrom={dragFrom} handlers={outlineHandlers} t={t} />
              <p className="hint">{t('builderShortcuts')}</p>
              <p className="hint">{t('builderDragHint')}</p>
            </section>

            <section className="builder-properties" aria-labelledby="builder-properties-title">
              <h2 id="builder-properties-title">{t('builderProperties')}</h2>
              {current ? (
                <Properties key={pathKey(current)} def={def} path={current} edit={edit} t={t} lang={lang} onMove={doMove} onSelect={setSelected} />
              ) : (
                <p className="muted">{t('builderNothingSelected')}</p>
              )}
            </section>

            <section className="builder-preview" aria-labelledby="builder-preview-title">
              <h2 id="builder-preview-title">{t('builderPreview')}</h2>
              <div className="builder-preview-langs" role="group" aria-label={t('builderPreviewLanguage')}>
                {(['en', 'fr'] as const).map((l) => (
                  <button key={l} type="button" aria-pressed={previewLocale === l} onClick={() => setPreviewLocale(l)}>
                    {l === 'en' ? t('builderEnglish') : t('builderFrench')}
                  </button>
                ))}
              </div>
              <div className="builder-preview-langs" role="group" aria-label={t('builderPreviewWidth')}>
                {(['desktop', 'phone'] as const).map((w) => (
                  <button key={w} type="button" aria-pressed={previewWidth === w} onClick={() => setPreviewWidth(w)}>
                    {w === 'desktop' ? t('builderPreviewDesktop') : t('builderPreviewPhone')}
                  </button>
                ))}
                <button type="button" aria-pressed={testing !== undefined} onClick={() => setTesting(testing ? undefined : def)}>
                  {t('builderTestAsRespondent')}
                </button>
              </div>
              {!testing && (
                <label className="builder-check builder-preview-hidden">
                  <input type="checkbox" checked={showHidden} onChange={(e) => setShowHidden(e.target.checked)} />
                  {t('builderPreviewShowHidden')}
                </label>
              )}
              <div className={`builder-frame builder-frame-${previewWidth}`}>
                {testing ? (
                  <TestRun definition={testing} locale={previewLocale} t={t} onClose={() => setTesting(undefined)} />
                ) : (
                  <BuilderPreview
                    definition={previewDef}
                    locale={previewLocale}
                    pageIndex={previewPage}
                    focusName={current && current.length > 1 ? String(getAt(def, current)?.name ?? '') : undefined}
                    emptyText={t('builderEmptyPreview')}
                    showHidden={showHidden}
                  />
                )}
              </div>
            </section>
          </div>
        )}
      </div>
    </Layout>
  );
}

function Properties({
  def,
  path,
  edit,
  t,
  lang,
  onMove,
  onSelect,
}: {
  def: Definition;
  path: ElementPath;
  edit: (d: Definition, key?: string) => void;
  t: (k: MessageKey, v?: Record<string, string | number>) => string;
  lang: Lang;
  onMove: (path: ElementPath, dir: -1 | 1) => void;
  onSelect: (p: ElementPath | undefined) => void;
}) {
  const el = getAt(def, path)!;
  const isPage = path.length === 1;
  const type = isPage ? 'page' : String(el.type ?? '');
  const name = typeof el.name === 'string' ? el.name : '';
  const k = (field: string) => `${pathKey(path)}:${field}`;
  const duplicateName = name !== '' && countName(def, name) > 1;
  const isQuestion = !isPage && type !== 'panel';

  const textPair = (field: string, labelKey: MessageKey, multiline = false) => (
    <fieldset className="builder-pair">
      <legend>{t(labelKey)}</legend>
      {(['default', 'fr'] as Locale[]).map((locale) => {
        const id = `prop-${field}-${locale}`;
        const value = textOf(el[field], locale);
        const onChange = (text: string) => edit(setText(def, path, field, locale, text), k(`${field}:${locale}`));
        return (
          <div key={locale} className="builder-field">
            <label htmlFor={id}>{`${t(labelKey)} (${locale === 'fr' ? t('builderFrench') : t('builderEnglish')})`}</label>
            {multiline ? (
              <textarea id={id} lang={locale === 'fr' ? 'fr' : 'en'} rows={2} value={value} onChange={(e) => onChange(e.target.value)} />
            ) : (
              <input id={id} type="text" lang={locale === 'fr' ? 'fr' : 'en'} value={value} onChange={(e) => onChange(e.target.value)} />
            )}
          </div>
        );
      })}
    </fieldset>
  );

  return (
    <div className="builder-props">
      <div className="actions" role="group" aria-label={t('builderElementActions')}>
        <button type="button" onClick={() => onMove(path, -1)}>
          {t('builderMoveUp')}
        </button>
        <button type="button" onClick={() => onMove(path, 1)}>
          {t('builderMoveDown')}
        </button>
        <button
          type="button"
          onClick={() => {
            const d = duplicateAt(def, path);
            edit(d.definition);
            onSelect(d.path);
          }}
        >
          {t('builderDuplicate')}
        </button>
        <button
          type="button"
          onClick={() => {
            edit(deleteAt(def, path));
            onSelect(path.length > 1 ? path.slice(0, -1) : undefined);
          }}
        >
          {t('builderDelete')}
        </button>
      </div>

      <div className="builder-field">
        <label htmlFor="prop-name">{isPage ? t('builderPageName') : t('builderCode')}</label>
        <input
          id="prop-name"
          type="text"
          value={name}
          aria-invalid={duplicateName || name === ''}
          aria-describedby={duplicateName ? 'prop-name-error' : undefined}
          onChange={(e) => edit(setProperty(def, path, 'name', e.target.value), k('name'))}
        />
        {duplicateName && (
          <p id="prop-name-error" className="field-error">
            {t('builderCodeDuplicate')}
          </p>
        )}
      </div>

      {isQuestion && (
        <div className="builder-field">
          <label htmlFor="prop-type">{t('builderType')}</label>
          {(EDITABLE_TYPES as readonly string[]).includes(type) ? (
            <select id="prop-type" value={type} onChange={(e) => edit(changeType(def, path, e.target.value))}>
              {EDITABLE_TYPES.map((tp) => (
                <option key={tp} value={tp}>
                  {t(TYPE_LABEL[tp]!)}
                </option>
              ))}
            </select>
          ) : (
            <>
              <input id="prop-type" type="text" readOnly value={type} />
              <p className="hint">{t('builderOtherType')}</p>
            </>
          )}
        </div>
      )}

      {textPair('title', 'builderTitleField')}
      {textPair('description', 'builderDescription', true)}

      {isQuestion && (
        <>
          <div className="builder-field builder-check">
            <input
              id="prop-required"
              type="checkbox"
              checked={el.isRequired === true}
              onChange={(e) => edit(setProperty(def, path, 'isRequired', e.target.checked ? true : undefined))}
            />
            <label htmlFor="prop-required">{t('builderRequired')}</label>
          </div>
          <fieldset className="builder-pair">
            <legend>{t('builderAnalysisTags')}</legend>
            <div className="builder-field">
              <label htmlFor="prop-indicator">{t('builderIndicator')}</label>
              <select id="prop-indicator" value={typeof el.indicator === 'string' ? el.indicator : ''} onChange={(e) => edit(setProperty(def, path, 'indicator', e.target.value || undefined))}>
                <option value="">{t('builderNone')}</option>
                {INDICATORS.map((i) => (
                  <option key={i} value={i}>
                    {i}
                  </option>
                ))}
              </select>
            </div>
            <div className="builder-field">
              <label htmlFor="prop-area">{t('builderPolicyArea')}</label>
              <select id="prop-area" value={typeof el.policyArea === 'string' ? el.policyArea : ''} onChange={(e) => edit(setProperty(def, path, 'policyArea', e.target.value || undefined))}>
                <option value="">{t('builderNone')}</option>
                {POLICY_AREAS.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>
        </>
      )}

      {isQuestion && CHOICE_TYPES.includes(type) && <Choices def={def} path={path} el={el} edit={edit} t={t} />}
      {isQuestion && <TypeProperties def={def} path={path} edit={edit} t={t} typeLabel={(tp) => (TYPE_LABEL[tp] ? t(TYPE_LABEL[tp]) : tp)} />}
      <LogicEditor def={def} path={path} edit={edit} t={t} locale={lang === 'fr' ? 'fr' : 'default'} withChoices={isQuestion && CHOICE_TYPES.includes(type)} />
    </div>
  );
}

function Choices({
  def,
  path,
  el,
  edit,
  t,
}: {
  def: Definition;
  path: ElementPath;
  el: JsonObject;
  edit: (d: Definition, key?: string) => void;
  t: (k: MessageKey, v?: Record<string, string | number>) => string;
}) {
  const items = itemsOf(el);
  const k = (i: number, field: string) => `${pathKey(path)}:choice${i}:${field}`;
  return (
    <fieldset className="builder-choices">
      <legend>{t('builderChoices')}</legend>
      {items.length === 0 && <p className="muted">{t('builderNoChoices')}</p>}
      {items.length > 0 && (
        <ol className="builder-choice-list">
          {items.map((item, i) => {
            const n = i + 1;
            return (
              <li key={i} className="builder-choice">
                <div className="builder-choice-grid">
                  <label className="builder-mini">
                    <span aria-hidden="true">{t('builderChoiceValue')}</span>
                    <input
                      type="text"
                      aria-label={t('builderChoiceValueN', { n })}
                      value={String(item.value ?? '')}
                      onChange={(e) => edit(updateItem(def, path, i, (c) => ({ ...c, value: e.target.value })), k(i, 'value'))}
                    />
                  </label>
                  <label className="builder-mini">
                    <span aria-hidden="true">{t('builderChoiceScore')}</span>
                    <ScoreInput
                      label={t('builderChoiceScoreN', { n })}
                      score={typeof item.score === 'number' ? item.score : undefined}
                      onChange={(v) => edit(updateItem(def, path, i, (c) => ({ ...c, score: v })), k(i, 'score'))}
                    />
                  </label>
                  {(['default', 'fr'] as Locale[]).map((locale) => (
                    <label key={locale} className="builder-mini">
                      <span aria-hidden="true">{locale === 'fr' ? t('builderFrench') : t('builderEnglish')}</span>
                      <input
                        type="text"
                        lang={locale === 'fr' ? 'fr' : 'en'}
                        aria-label={t(locale === 'fr' ? 'builderChoiceFrN' : 'builderChoiceEnN', { n })}
                        value={textOf(item.text, locale)}
                        onChange={(e) => edit(setItemText(def, path, i, locale, e.target.value), k(i, locale))}
                      />
                    </label>
                  ))}
                </div>
                <div className="actions builder-choice-actions">
                  <button type="button" aria-label={t('builderChoiceUpN', { n })} disabled={i === 0} onClick={() => edit(moveItem(def, path, i, -1))}>
                    <span aria-hidden="true">↑</span>
                  </button>
                  <button type="button" aria-label={t('builderChoiceDownN', { n })} disabled={i === items.length - 1} onClick={() => edit(moveItem(def, path, i, 1))}>
                    <span aria-hidden="true">↓</span>
                  </button>
                  <button type="button" aria-label={t('builderChoiceRemoveN', { n })} onClick={() => edit(removeItem(def, path, i))}>
                    <span aria-hidden="true">×</span>
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <button type="button" onClick={() => edit(addItem(def, path))}>
        {t('builderAddChoice')}
      </button>
    </fieldset>
  );
}

/** A choice's score: typed as text (so '0.' or '-' can be typed on the way to a number), stored as a number. */
function ScoreInput({ label, score, onChange }: { label: string; score: number | undefined; onChange: (v: number | undefined) => void }) {
  const [text, setText] = useState(score === undefined ? '' : String(score));
  useEffect(() => {
    // Follow undo / redo, but not the partial texts that parse to the same number.
    setText((current) => (parseScore(current) === score ? current : score === undefined ? '' : String(score)));
  }, [score]);
  return (
    <input
      type="text"
      inputMode="decimal"
      className="builder-score"
      aria-label={label}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const v = parseScore(e.target.value);
        if (v !== null) onChange(v);
      }}
    />
  );
}

/** undefined for an empty text, null for one that is not (yet) a number. */
function parseScore(text: string): number | undefined | null {
  if (text.trim() === '') return undefined;
  const v = Number(text.replace(',', '.'));
  return Number.isFinite(v) ? v : null;
}
