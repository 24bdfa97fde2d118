/**
 * The property panel's editors for settings that depend on the question type (issue 4): input type and limits,
 * placeholder, validators, rating scale, matrix rows and columns, multiple-text items, dynamic-panel templates,
 * expressions and HTML. The pure edits are in edit-properties.ts and edit-definition.ts.
 */
import { useEffect, useMemo, useState } from 'react';
import type { MessageKey } from '../i18n';
import { problemText } from './condition-editor';
import { checkExpression } from './conditions';
import {
  EDITABLE_TYPES,
  addItem,
  getAt,
  itemsOf,
  moveItem,
  removeItem,
  setItemText,
  setProperty,
  setText,
  textOf,
  updateItem,
  type Definition,
  type ElementPath,
  type ItemList,
  type JsonObject,
  type Locale,
} from './edit-definition';
import {
  CELL_CHOICE_TYPES,
  CELL_TYPES,
  VALIDATOR_NUMBERS,
  VALIDATOR_TYPES,
  addNamed,
  addTemplateQuestion,
  addValidator,
  choicesToLines,
  linesToChoices,
  moveNamed,
  namedOf,
  parseNumber,
  rangeProblems,
  removeNamed,
  removeValidator,
  setCellType,
  setColumnChoices,
  setLimit,
  setNamedTitle,
  setNumber,
  setValidatorText,
  setValidatorNumber,
  updateNamedItem,
  updateValidator,
  validatorProblem,
  validatorTypesFor,
  validatorsOf,
  type NamedList,
  type RangeProblem,
  type ValidatorProblem,
  type ValidatorType,
} from './edit-properties';

type T = (k: MessageKey, v?: Record<string, string | number>) => string;
type Edit = (d: Definition, key?: string) => void;

const LOCALES: Locale[] = ['default', 'fr'];
const langName = (locale: Locale, t: T) => (locale === 'fr' ? t('builderFrench') : t('builderEnglish'));

const INPUT_TYPES = ['text', 'number', 'date', 'email', 'tel', 'url'] as const;

const VALIDATOR_LABEL: Record<ValidatorType, MessageKey> = {
  numeric: 'builderValidatorNumeric',
  text: 'builderValidatorText',
  regex: 'builderValidatorRegex',
  email: 'builderValidatorEmail',
  answercount: 'builderValidatorAnswerCount',
};
const NUMBER_LABEL: Record<string, MessageKey> = {
  minValue: 'builderValidatorMinValue',
  maxValue: 'builderValidatorMaxValue',
  minLength: 'builderValidatorMinLength',
  maxLength: 'builderValidatorMaxLength',
  minCount: 'builderValidatorMinCount',
  maxCount: 'builderValidatorMaxCount',
};
const VALIDATOR_PROBLEM: Record<ValidatorProblem, MessageKey> = {
  'unknown-type': 'builderValidatorUnknown',
  'min-above-max': 'builderMinAboveMax',
  'bad-regex': 'builderValidatorBadRegex',
  'no-limit': 'builderValidatorNoLimit',
  'no-pattern': 'builderValidatorNoPattern',
};
const RANGE_PROBLEM: Record<RangeProblem, MessageKey> = {
  'min-above-max': 'builderMinAboveMax',
  'bad-date': 'builderBadDate',
  'bad-step': 'builderBadStep',
};

/** A number typed as text (so '-' or '0.' can be typed on the way), stored as a number. */
function NumberInput({ id, label, value, onChange }: { id: string; label: string; value: unknown; onChange: (text: string) => void }) {
  const shown = value === undefined || value === null ? '' : String(value);
  const [text, setText] = useState(shown);
  useEffect(() => {
    setText((current) => (parseNumber(current) === (typeof value === 'number' ? value : undefined) ? current : shown));
  }, [value, shown]);
  return (
    <div className="builder-field builder-number">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={text}
        aria-invalid={parseNumber(text) === null}
        onChange={(e) => {
          setText(e.target.value);
          onChange(e.target.value);
        }}
      />
    </div>
  );
}

/** English and French of one localisable property of the element. */
export function TextPair({ def, path, field, label, edit, t, multiline = false }: { def: Definition; path: ElementPath; field: string; label: string; edit: Edit; t: T; multiline?: boolean }) {
  const el = getAt(def, path)!;
  return (
    <fieldset className="builder-pair">
      <legend>{label}</legend>
      {LOCALES.map((locale) => {
        const id = `prop-${field}-${locale}`;
        const value = textOf(el[field], locale);
        const onChange = (text: string) => edit(setText(def, path, field, locale, text), `${path.join('.')}:${field}:${locale}`);
        return (
          <div key={locale} className="builder-field">
            <label htmlFor={id}>{`${label} (${langName(locale, t)})`}</label>
            {multiline ? (
              <textarea id={id} lang={locale === 'fr' ? 'fr' : 'en'} rows={3} value={value} onChange={(e) => onChange(e.target.value)} />
            ) : (
              <input id={id} type="text" lang={locale === 'fr' ? 'fr' : 'en'} value={value} onChange={(e) => onChange(e.target.value)} />
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

function Problems({ id, texts }: { id: string; texts: string[] }) {
  if (texts.length === 0) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {texts.join(' ')}
    </p>
  );
}

/** Everything specific to the type of the selected question. */
export function TypeProperties({ def, path, edit, t, typeLabel }: { def: Definition; path: ElementPath; edit: Edit; t: T; typeLabel: (type: string) => string }) {
  const el = getAt(def, path)!;
  const type = String(el.type ?? '');
  const k = (field: string) => `${path.join('.')}:${field}`;
  const range = rangeProblems(el).map((p) => t(RANGE_PROBLEM[p]));
  const hasPlaceholder = ['text', 'comment', 'dropdown', 'tagbox'].includes(type);
  return (
    <>
      {type === 'text' && (
        <fieldset className="builder-pair">
          <legend>{t('builderInputSettings')}</legend>
          <div className="builder-field">
            <label htmlFor="prop-inputType">{t('builderInputType')}</label>
            <select
              id="prop-inputType"
              value={typeof el.inputType === 'string' ? el.inputType : 'text'}
              onChange={(e) => {
                let d = setProperty(def, path, 'inputType', e.target.value === 'text' ? undefined : e.target.value);
                // Limits of another input type mean nothing for this one.
                d = setProperty(setProperty(d, path, 'min', undefined), path, 'max', undefined);
                edit(d);
              }}
            >
              {INPUT_TYPES.map((it) => (
                <option key={it} value={it}>
                  {t(`builderInput_${it}` as MessageKey)}
                </option>
              ))}
              {typeof el.inputType === 'string' && !(INPUT_TYPES as readonly string[]).includes(el.inputType) && <option value={el.inputType}>{el.inputType}</option>}
            </select>
          </div>
          {(el.inputType === 'number' || el.inputType === 'date') && (
            <div className="builder-inline">
              {(['min', 'max'] as const).map((key) =>
                el.inputType === 'date' ? (
                  <div key={key} className="builder-field builder-number">
                    <label htmlFor={`prop-${key}`}>{t(key === 'min' ? 'builderMinDate' : 'builderMaxDate')}</label>
                    <input id={`prop-${key}`} type="date" value={typeof el[key] === 'string' ? (el[key] as string) : ''} onChange={(e) => edit(setLimit(def, path, key, e.target.value))} />
                  </div>
                ) : (
                  <NumberInput key={key} id={`prop-${key}`} label={t(key === 'min' ? 'builderMinimum' : 'builderMaximum')} value={el[key]} onChange={(v) => edit(setLimit(def, path, key, v), k(key))} />
                ),
              )}
            </div>
          )}
          <Problems id="prop-range-error" texts={range} />
        </fieldset>
      )}

      {type === 'rating' && (
        <fieldset className="builder-pair">
          <legend>{t('builderRatingScale')}</legend>
          <div className="builder-inline">
            <NumberInput id="prop-rateMin" label={t('builderRateMin')} value={el.rateMin} onChange={(v) => edit(setNumber(def, path, 'rateMin', v), k('rateMin'))} />
            <NumberInput id="prop-rateMax" label={t('builderRateMax')} value={el.rateMax} onChange={(v) => edit(setNumber(def, path, 'rateMax', v), k('rateMax'))} />
            <NumberInput id="prop-rateStep" label={t('builderRateStep')} value={el.rateStep} onChange={(v) => edit(setNumber(def, path, 'rateStep', v), k('rateStep'))} />
          </div>
          <Problems id="prop-range-error" texts={range} />
        </fieldset>
      )}

      {hasPlaceholder && <TextPair def={def} path={path} field="placeholder" label={t('builderPlaceholder')} edit={edit} t={t} />}
      {type === 'html' && <TextPair def={def} path={path} field="html" label={t('builderHtml')} edit={edit} t={t} multiline />}
      {type === 'expression' && <ExpressionField def={def} path={path} edit={edit} t={t} />}

      {type === 'matrix' && (
        <>
          <ItemsEditor def={def} path={path} list="rows" edit={edit} t={t} />
          <ItemsEditor def={def} path={path} list="columns" edit={edit} t={t} />
        </>
      )}
      {(type === 'matrixdropdown' || type === 'matrixdynamic') && (
        <>
          <NamedEditor def={def} path={path} list="columns" edit={edit} t={t} />
          {type === 'matrixdropdown' ? (
            <ItemsEditor def={def} path={path} list="rows" edit={edit} t={t} />
          ) : (
            <NumberInput id="prop-rowCount" label={t('builderRowCount')} value={el.rowCount} onChange={(v) => edit(setNumber(def, path, 'rowCount', v), k('rowCount'))} />
          )}
        </>
      )}
      {type === 'multipletext' && <NamedEditor def={def} path={path} list="items" edit={edit} t={t} />}
      {type === 'paneldynamic' && <TemplateEditor def={def} path={path} edit={edit} t={t} typeLabel={typeLabel} />}

      {validatorTypesFor(type).length > 0 && <ValidatorsEditor def={def} path={path} edit={edit} t={t} />}
    </>
  );
}

function ExpressionField({ def, path, edit, t }: { def: Definition; path: ElementPath; edit: Edit; t: T }) {
  const el = getAt(def, path)!;
  const text = typeof el.expression === 'string' ? el.expression : '';
  const problem = useMemo(() => checkExpression(text, def), [text, def]);
  return (
    <div className="builder-field">
      <label htmlFor="prop-expression">{t('builderExpression')}</label>
      <textarea
        id="prop-expression"
        rows={2}
        spellCheck={false}
        className="builder-expression"
        value={text}
        aria-invalid={problem !== undefined}
        aria-describedby={problem ? 'prop-expression-error' : 'prop-expression-hint'}
        onChange={(e) => edit(setProperty(def, path, 'expression', e.target.value === '' ? undefined : e.target.value), `${path.join('.')}:expression`)}
      />
      {problem && (
        <p id="prop-expression-error" className="field-error" role="alert">
          {problemText(problem, t)}
        </p>
      )}
      <p id="prop-expression-hint" className="hint">
        {t('builderExpressionHint')}
      </p>
    </div>
  );
}

const LIST_LABEL: Record<ItemList, { legend: MessageKey; n: MessageKey; add: MessageKey }> = {
  rows: { legend: 'builderRows', n: 'builderRowN', add: 'builderAddRow' },
  columns: { legend: 'builderColumns', n: 'builderColumnN', add: 'builderAddColumn' },
  choices: { legend: 'builderChoices', n: 'builderChoiceN', add: 'builderAddChoice' },
};

/** Up, down and remove for one row of a list editor (matrix rows and columns, multiple-text items). */
function RowActions({ what, first, last, t, onMove, onRemove }: { what: string; first: boolean; last: boolean; t: T; onMove: (by: -1 | 1) => void; onRemove: () => void }) {
  return (
    <div className="actions builder-choice-actions">
      <button type="button" aria-label={t('builderMoveUpOf', { what })} disabled={first} onClick={() => onMove(-1)}>
        <span aria-hidden="true">↑</span>
      </button>
      <button type="button" aria-label={t('builderMoveDownOf', { what })} disabled={last} onClick={() => onMove(1)}>
        <span aria-hidden="true">↓</span>
      </button>
      <button type="button" aria-label={t('builderRemoveOf', { what })} onClick={onRemove}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}

/** Rows or columns of a single-choice matrix: a value (what is stored) and texts in both languages. */
function ItemsEditor({ def, path, list, edit, t }: { def: Definition; path: ElementPath; list: ItemList; edit: Edit; t: T }) {
  const items = itemsOf(getAt(def, path), list);
  const label = LIST_LABEL[list];
  const k = (i: number, f: string) => `${path.join('.')}:${list}${i}:${f}`;
  return (
    <fieldset className="builder-choices">
      <legend>{t(label.legend)}</legend>
      <ol className="builder-choice-list">
        {items.map((item, i) => {
          const what = t(label.n, { n: i + 1 });
          return (
            <li key={i} className="builder-choice">
              <div className="builder-choice-grid">
                <input
                  type="text"
                  aria-label={t('builderValueOf', { what })}
                  value={String(item.value ?? '')}
                  onChange={(e) => edit(updateItem(def, path, i, (c) => ({ ...c, value: e.target.value }), list), k(i, 'value'))}
                />
                {LOCALES.map((locale) => (
                  <input
                    key={locale}
                    type="text"
                    lang={locale === 'fr' ? 'fr' : 'en'}
                    aria-label={t(locale === 'fr' ? 'builderFrenchOf' : 'builderEnglishOf', { what })}
                    placeholder={langName(locale, t)}
                    value={textOf(item.text, locale)}
                    onChange={(e) => edit(setItemText(def, path, i, locale, e.target.value, list), k(i, locale))}
                  />
                ))}
              </div>
              <RowActions what={what} first={i === 0} last={i === items.length - 1} t={t} onMove={(by) => edit(moveItem(def, path, i, by, list))} onRemove={() => edit(removeItem(def, path, i, list))} />
            </li>
          );
        })}
      </ol>
      <button type="button" onClick={() => edit(addItem(def, path, list))}>
        {t(label.add)}
      </button>
    </fieldset>
  );
}

/** Columns of a matrix with drop-downs / dynamic matrix (code, titles, cell type, choices) or items of a multiple text. */
function NamedEditor({ def, path, list, edit, t }: { def: Definition; path: ElementPath; list: NamedList; edit: Edit; t: T }) {
  const items = namedOf(getAt(def, path), list);
  const isColumns = list === 'columns';
  const k = (i: number, f: string) => `${path.join('.')}:${list}${i}:${f}`;
  return (
    <fieldset className="builder-choices">
      <legend>{t(isColumns ? 'builderColumns' : 'builderTextItems')}</legend>
      <ol className="builder-choice-list">
        {items.map((item, i) => {
          const what = t(isColumns ? 'builderColumnN' : 'builderTextItemN', { n: i + 1 });
          const cellType = typeof item.cellType === 'string' ? item.cellType : '';
          return (
            <li key={i} className="builder-choice">
              <div className="builder-choice-grid">
                <input
                  type="text"
                  aria-label={t('builderCodeOf', { what })}
                  value={String(item.name ?? '')}
                  onChange={(e) => edit(updateNamedItem(def, path, list, i, (c) => ({ ...c, name: e.target.value })), k(i, 'name'))}
                />
                {LOCALES.map((locale) => (
                  <input
                    key={locale}
                    type="text"
                    lang={locale === 'fr' ? 'fr' : 'en'}
                    aria-label={t(locale === 'fr' ? 'builderFrenchOf' : 'builderEnglishOf', { what })}
                    placeholder={langName(locale, t)}
                    value={textOf(item.title, locale)}
                    onChange={(e) => edit(setNamedTitle(def, path, list, i, locale, e.target.value), k(i, locale))}
                  />
                ))}
              </div>
              {isColumns && (
                <div className="builder-choice-grid">
                  <select aria-label={t('builderCellTypeOf', { what })} value={cellType} onChange={(e) => edit(setCellType(def, path, i, e.target.value))}>
                    <option value="">{t('builderCellTypeDefault')}</option>
                    {CELL_TYPES.map((ct) => (
                      <option key={ct} value={ct}>
                        {ct}
                      </option>
                    ))}
                  </select>
                  {(cellType === '' || CELL_CHOICE_TYPES.includes(cellType)) && (
                    <ColumnChoices value={item.choices} label={t('builderColumnChoicesOf', { what })} onChange={(text) => edit(setColumnChoices(def, path, i, text), k(i, 'choices'))} />
                  )}
                </div>
              )}
              <RowActions what={what} first={i === 0} last={i === items.length - 1} t={t} onMove={(by) => edit(moveNamed(def, path, list, i, by))} onRemove={() => edit(removeNamed(def, path, list, i))} />
            </li>
          );
        })}
      </ol>
      {isColumns && <p className="hint">{t('builderColumnChoicesHint')}</p>}
      <button type="button" onClick={() => edit(addNamed(def, path, list))}>
        {t(isColumns ? 'builderAddColumn' : 'builderAddTextItem')}
      </button>
    </fieldset>
  );
}

/** A column's choices, one per line; the text typed is kept while it is being edited. */
function ColumnChoices({ value, label, onChange }: { value: unknown; label: string; onChange: (text: string) => void }) {
  const [text, setText] = useState(() => choicesToLines(value));
  useEffect(() => {
    // Follow undo / redo, but keep the text being typed when it means the same choices.
    setText((current) => (JSON.stringify(linesToChoices(current) ?? null) === JSON.stringify(value ?? null) ? current : choicesToLines(value)));
  }, [value]);
  return (
    <textarea
      aria-label={label}
      rows={3}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(e.target.value);
      }}
    />
  );
}

function TemplateEditor({ def, path, edit, t, typeLabel }: { def: Definition; path: ElementPath; edit: Edit; t: T; typeLabel: (type: string) => string }) {
  const [type, setType] = useState('text');
  const el = getAt(def, path)!;
  const count = Array.isArray(el.templateElements) ? el.templateElements.length : 0;
  return (
    <fieldset className="builder-pair">
      <legend>{t('builderTemplate')}</legend>
      <p className="hint">{t('builderTemplateHint', { n: count })}</p>
      <div className="builder-inline">
        <label>
          {t('builderTemplateType')}{' '}
          <select value={type} onChange={(e) => setType(e.target.value)}>
            {EDITABLE_TYPES.filter((tp) => tp !== 'paneldynamic').map((tp) => (
              <option key={tp} value={tp}>
                {typeLabel(tp)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => edit(addTemplateQuestion(def, path, type).definition)}>
          {t('builderTemplateAdd')}
        </button>
      </div>
      <TextPair def={def} path={path} field="templateTitle" label={t('builderTemplateTitle')} edit={edit} t={t} />
    </fieldset>
  );
}

function ValidatorsEditor({ def, path, edit, t }: { def: Definition; path: ElementPath; edit: Edit; t: T }) {
  const el = getAt(def, path)!;
  const types = validatorTypesFor(String(el.type ?? ''));
  const [newType, setNewType] = useState<ValidatorType>(types[0]!);
  const list = validatorsOf(el);
  return (
    <fieldset className="builder-choices builder-validators">
      <legend>{t('builderValidators')}</legend>
      {list.length === 0 && <p className="muted">{t('builderNoValidators')}</p>}
      <ol className="builder-choice-list">
        {list.map((v, i) => (
          <ValidatorRow key={i} v={v} n={i + 1} def={def} path={path} edit={edit} t={t} />
        ))}
      </ol>
      <div className="builder-inline">
        <label>
          {t('builderValidatorKind')}{' '}
          <select value={newType} onChange={(e) => setNewType(e.target.value as ValidatorType)}>
            {types.map((vt) => (
              <option key={vt} value={vt}>
                {t(VALIDATOR_LABEL[vt])}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => edit(addValidator(def, path, newType))}>
          {t('builderAddValidator')}
        </button>
      </div>
    </fieldset>
  );
}

function ValidatorRow({ v, n, def, path, edit, t }: { v: JsonObject; n: number; def: Definition; path: ElementPath; edit: Edit; t: T }) {
  const i = n - 1;
  const type = String(v.type ?? '');
  const known = (VALIDATOR_TYPES as readonly string[]).includes(type);
  const problem = validatorProblem(v);
  const k = (f: string) => `${path.join('.')}:validator${i}:${f}`;
  const errorId = `validator-${n}-error`;
  return (
    <li className="builder-choice">
      <p className="builder-validator-kind">
        <strong>{t('builderValidatorN', { n })}</strong> · {known ? t(VALIDATOR_LABEL[type as ValidatorType]) : type}
      </p>
      <div className="builder-inline">
        {known &&
          VALIDATOR_NUMBERS[type as ValidatorType].map((key) => (
            <NumberInput
              key={key}
              id={`validator-${n}-${key}`}
              label={t('builderValidatorSetting', { what: t(NUMBER_LABEL[key]!), n })}
              value={v[key]}
              onChange={(text) => edit(setValidatorNumber(def, path, i, key, text), k(key))}
            />
          ))}
        {type === 'regex' && (
          <div className="builder-field">
            <label htmlFor={`validator-${n}-regex`}>{t('builderValidatorSetting', { what: t('builderValidatorPattern'), n })}</label>
            <input
              id={`validator-${n}-regex`}
              type="text"
              spellCheck={false}
              value={typeof v.regex === 'string' ? v.regex : ''}
              onChange={(e) => edit(updateValidator(def, path, i, (x) => ({ ...x, regex: e.target.value === '' ? undefined : e.target.value })), k('regex'))}
            />
          </div>
        )}
      </div>
      {LOCALES.map((locale) => (
        <div key={locale} className="builder-field">
          <label htmlFor={`validator-${n}-text-${locale}`}>{t(locale === 'fr' ? 'builderValidatorTextFrN' : 'builderValidatorTextEnN', { n })}</label>
          <input
            id={`validator-${n}-text-${locale}`}
            type="text"
            lang={locale === 'fr' ? 'fr' : 'en'}
            value={textOf(v.text, locale)}
            onChange={(e) => edit(setValidatorText(def, path, i, locale, e.target.value), k(`text:${locale}`))}
          />
        </div>
      ))}
      {problem && (
        <p id={errorId} className="field-error" role="alert">
          {t(VALIDATOR_PROBLEM[problem])}
        </p>
      )}
      <button type="button" onClick={() => edit(removeValidator(def, path, i))}>
        {t('builderRemoveValidatorN', { n })}
      </button>
    </li>
  );
}
