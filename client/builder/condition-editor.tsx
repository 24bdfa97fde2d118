import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { MessageKey } from '../i18n';
import {
  CONDITION_PROPERTIES,
  allSubjects,
  buildExpression,
  checkExpression,
  isUnary,
  operatorsFor,
  parseCondition,
  subjectsBefore,
  type Clause,
  type ClauseValue,
  type Condition,
  type ConditionProperty,
  type ConditionSubject,
  type ExpressionProblem,
  type Operator,
} from './conditions';
import { getAt, setProperty, type Definition, type ElementPath, type Locale } from './edit-definition';

type T = (k: MessageKey, v?: Record<string, string | number>) => string;

/** The element's conditions, and `choicesVisibleIf` (which choices are offered; `{item}` is the choice tested). */
type LogicProperty = ConditionProperty | 'choicesVisibleIf';

const PROPERTY_LABEL: Record<LogicProperty, MessageKey> = {
  visibleIf: 'builderVisibleIf',
  enableIf: 'builderEnableIf',
  requiredIf: 'builderRequiredIf',
  choicesVisibleIf: 'builderChoicesVisibleIf',
};

const OPERATOR_LABEL: Record<Operator, MessageKey> = {
  equal: 'builderOpEqual',
  notequal: 'builderOpNotEqual',
  contains: 'builderOpContains',
  notcontains: 'builderOpNotContains',
  anyof: 'builderOpAnyOf',
  empty: 'builderOpEmpty',
  notempty: 'builderOpNotEmpty',
  greater: 'builderOpGreater',
  less: 'builderOpLess',
  greaterorequal: 'builderOpGreaterOrEqual',
  lessorequal: 'builderOpLessOrEqual',
};

/** The message of a problem of an expression, as shown next to the field. */
export function problemText(p: ExpressionProblem, t: T): string {
  switch (p.kind) {
    case 'syntax':
      return p.at === undefined ? t('builderExprSyntax') : t('builderExprSyntaxAt', { n: p.at + 1 });
    case 'unknown-question':
      return t('builderExprUnknownQuestion', { names: p.names.map((n) => `{${n}}`).join(', ') });
    case 'unknown-function':
      return t('builderExprUnknownFunction', { names: p.names.join(', ') });
  }
}

/** The logic of the selected page, panel or question: when it is shown, editable, required. */
export function LogicEditor({
  def,
  path,
  edit,
  t,
  locale,
  withChoices = false,
}: {
  def: Definition;
  path: ElementPath;
  edit: (d: Definition, key?: string) => void;
  t: T;
  locale: Locale;
  /** Offer `choicesVisibleIf` too (questions with choices). */
  withChoices?: boolean;
}) {
  const [chosen, setPropertyName] = useState<LogicProperty>('visibleIf');
  const el = getAt(def, path);
  if (!el) return null;
  const properties: LogicProperty[] = withChoices ? [...CONDITION_PROPERTIES, 'choicesVisibleIf'] : [...CONDITION_PROPERTIES];
  const property = properties.includes(chosen) ? chosen : 'visibleIf';
  const isSet = (p: LogicProperty) => typeof el[p] === 'string' && (el[p] as string).trim() !== '';
  return (
    <fieldset className="builder-logic">
      <legend>{t('builderLogic')}</legend>
      <div className="builder-logic-tabs" role="group" aria-label={t('builderLogicWhich')}>
        {properties.map((p) => (
          <button key={p} type="button" aria-pressed={property === p} onClick={() => setPropertyName(p)}>
            {t(PROPERTY_LABEL[p])}
            {isSet(p) && <span className="builder-logic-set"> · {t('builderLogicSet')}</span>}
          </button>
        ))}
      </div>
      <ConditionField key={property} def={def} path={path} property={property} edit={edit} t={t} locale={locale} />
      {property === 'choicesVisibleIf' && <p className="hint">{t('builderChoicesVisibleIfHint')}</p>}
    </fieldset>
  );
}

function ConditionField({
  def,
  path,
  property,
  edit,
  t,
  locale,
}: {
  def: Definition;
  path: ElementPath;
  property: LogicProperty;
  edit: (d: Definition, key?: string) => void;
  t: T;
  locale: Locale;
}) {
  const el = getAt(def, path)!;
  const text = typeof el[property] === 'string' ? (el[property] as string) : '';
  const [mode, setMode] = useState<'clauses' | 'text'>(() => (parseCondition(text) ? 'clauses' : 'text'));
  const [condition, setCondition] = useState<Condition>(() => parseCondition(text) ?? { join: 'and', clauses: [] });
  const subjects = useMemo(() => subjectsBefore(def, path, locale), [def, path, locale]);
  const everyQuestion = useMemo(() => allSubjects(def, locale), [def, locale]);
  const problem = useMemo(() => checkExpression(text, def), [text, def]);
  const canUseClauses = parseCondition(text) !== undefined;
  const label = t(PROPERTY_LABEL[property]);
  const key = (what: string) => `${path.join('.')}:${property}:${what}`;

  // Follow undo / redo and edits made in the other mode, but not the clauses still incomplete (left out of the text).
  const conditionRef = useRef(condition);
  conditionRef.current = condition;
  useEffect(() => {
    if (buildExpression(conditionRef.current) === text) return;
    const parsed = parseCondition(text);
    if (parsed) setCondition(parsed);
    else setMode('text');
  }, [text]);

  const save = (next: Condition, mergeKey?: string) => {
    setCondition(next);
    edit(setProperty(def, path, property, buildExpression(next) || undefined), mergeKey);
  };
  const setClause = (i: number, clause: Clause, mergeKey?: string) =>
    save({ ...condition, clauses: condition.clauses.map((c, j) => (j === i ? clause : c)) }, mergeKey);

  const errorId = `logic-${property}-error`;
  const error = problem && (
    <p id={errorId} className="field-error" role="alert">
      {problemText(problem, t)}
    </p>
  );

  return (
    <div className="builder-condition">
      {mode === 'clauses' ? (
        <>
          {condition.clauses.length === 0 && <p className="muted">{t('builderLogicNone', { what: label })}</p>}
          {condition.clauses.length > 1 && (
            <div className="builder-field">
              <label htmlFor={`logic-${property}-join`}>{t('builderLogicJoin')}</label>
              <select
                id={`logic-${property}-join`}
                value={condition.join}
                onChange={(e) => save({ ...condition, join: e.target.value === 'or' ? 'or' : 'and' })}
              >
                <option value="and">{t('builderLogicAnd')}</option>
                <option value="or">{t('builderLogicOr')}</option>
              </select>
            </div>
          )}
          <ol className="builder-clauses">
            {condition.clauses.map((clause, i) => (
              <ClauseRow
                key={i}
                n={i + 1}
                clause={clause}
                subjects={subjects}
                everyQuestion={everyQuestion}
                t={t}
                onChange={(c, typed) => setClause(i, c, typed ? key(`clause${i}`) : undefined)}
                onRemove={() => save({ ...condition, clauses: condition.clauses.filter((_, j) => j !== i) })}
              />
            ))}
          </ol>
          {error}
          <div className="actions">
            <button
              type="button"
              disabled={subjects.length === 0}
              onClick={() => setCondition({ ...condition, clauses: [...condition.clauses, { question: '', operator: 'equal' }] })}
            >
              {t('builderLogicAdd')}
            </button>
            <button type="button" onClick={() => setMode('text')}>
              {t('builderLogicAsText')}
            </button>
          </div>
          {subjects.length === 0 && <p className="hint">{t('builderLogicNoQuestions')}</p>}
        </>
      ) : (
        <>
          <div className="builder-field">
            <label htmlFor={`logic-${property}-text`}>{t('builderLogicExpression', { what: label })}</label>
            <textarea
              id={`logic-${property}-text`}
              rows={2}
              spellCheck={false}
              className="builder-expression"
              value={text}
              aria-invalid={problem !== undefined}
              aria-describedby={problem ? errorId : `logic-${property}-hint`}
              onChange={(e) => edit(setProperty(def, path, property, e.target.value === '' ? undefined : e.target.value), key('text'))}
            />
            {error}
            <p id={`logic-${property}-hint`} className="hint">
              {t('builderLogicExpressionHint')}
            </p>
          </div>
          <div className="actions">
            <button
              type="button"
              disabled={!canUseClauses}
              onClick={() => {
                setCondition(parseCondition(text) ?? { join: 'and', clauses: [] });
                setMode('clauses');
              }}
            >
              {t('builderLogicAsClauses')}
            </button>
          </div>
          {!canUseClauses && text.trim() !== '' && <p className="hint">{t('builderLogicTooComplex')}</p>}
        </>
      )}
    </div>
  );
}

const encode = (v: ClauseValue) => JSON.stringify(v);
const decode = (s: string): ClauseValue => JSON.parse(s) as ClauseValue;

function ClauseRow({
  n,
  clause,
  subjects,
  everyQuestion,
  t,
  onChange,
  onRemove,
}: {
  n: number;
  clause: Clause;
  subjects: ConditionSubject[];
  everyQuestion: ConditionSubject[];
  t: T;
  /** `typed`: a change made by typing, merged with the next one into one undo step. */
  onChange: (c: Clause, typed?: boolean) => void;
  onRemove: () => void;
}) {
  // A clause about a question not offered (later in the survey, or deleted) still shows it.
  const subject = subjects.find((s) => s.name === clause.question) ?? everyQuestion.find((s) => s.name === clause.question);
  const options = subject && !subjects.includes(subject) ? [...subjects, subject] : subjects;
  const suited = subject ? operatorsFor(subject) : [];
  // An operator read from an expression that does not suit the type is still shown, to be changed.
  const operators = suited.includes(clause.operator) ? suited : [...suited, clause.operator];
  const id = (what: string) => `clause-${n}-${what}`;

  const chooseQuestion = (name: string) => {
    const next = subjects.find((s) => s.name === name);
    const ops = next ? operatorsFor(next) : [];
    onChange({ question: name, operator: ops.includes(clause.operator) ? clause.operator : (ops[0] ?? 'equal') });
  };
  const chooseOperator = (operator: Operator) => {
    if (isUnary(operator)) return onChange({ question: clause.question, operator });
    const values = Array.isArray(clause.value) ? clause.value : clause.value === undefined ? [] : [clause.value];
    onChange({ question: clause.question, operator, value: operator === 'anyof' ? values : values[0] });
  };

  let valueField: ReactNode = null;
  if (subject && !isUnary(clause.operator)) {
    if (clause.operator === 'anyof') {
      const chosen = Array.isArray(clause.value) ? clause.value : [];
      valueField = (
        <fieldset className="builder-clause-values">
          <legend>{t('builderClauseValuesN', { n })}</legend>
          {subject.values.map((v) => {
            const checked = chosen.some((c) => c === v.value);
            return (
              <label key={encode(v.value)} className="builder-check">
                <input
                  type="checkbox"
                  checked={checked}
                  onChange={() => onChange({ ...clause, value: checked ? chosen.filter((c) => c !== v.value) : [...chosen, v.value] })}
                />
                {v.text}
              </label>
            );
          })}
        </fieldset>
      );
    } else if (subject.values.length > 0) {
      const current = Array.isArray(clause.value) || clause.value === undefined ? '' : encode(clause.value);
      const known = subject.values.some((v) => encode(v.value) === current);
      valueField = (
        <div className="builder-field">
          <label htmlFor={id('value')}>{t('builderClauseValueN', { n })}</label>
          <select id={id('value')} value={current} onChange={(e) => onChange({ ...clause, value: e.target.value === '' ? undefined : decode(e.target.value) })}>
            <option value="">{t('builderClauseChoose')}</option>
            {subject.values.map((v) => (
              <option key={encode(v.value)} value={encode(v.value)}>
                {v.text === String(v.value) ? v.text : `${v.text} (${String(v.value)})`}
              </option>
            ))}
            {!known && current !== '' && <option value={current}>{String(clause.value)}</option>}
          </select>
        </div>
      );
    } else {
      const shown = Array.isArray(clause.value) || clause.value === undefined ? '' : String(clause.value);
      valueField = (
        <div className="builder-field">
          <label htmlFor={id('value')}>{t('builderClauseValueN', { n })}</label>
          <input
            id={id('value')}
            type="text"
            inputMode={subject.numeric ? 'decimal' : undefined}
            value={shown}
            onChange={(e) => {
              const raw = e.target.value;
              const num = Number(raw.replace(',', '.'));
              const value = subject.numeric && raw.trim() !== '' && Number.isFinite(num) ? num : raw;
              onChange({ ...clause, value: raw === '' ? undefined : value }, true);
            }}
          />
        </div>
      );
    }
  }

  return (
    <li className="builder-clause">
      <div className="builder-clause-grid">
        <div className="builder-field">
          <label htmlFor={id('question')}>{t('builderClauseQuestionN', { n })}</label>
          <select id={id('question')} value={clause.question} onChange={(e) => chooseQuestion(e.target.value)}>
            <option value="">{t('builderClauseChoose')}</option>
            {options.map((s) => (
              <option key={s.name} value={s.name}>
                {s.title === s.name ? s.name : `${s.name} · ${s.title}`}
              </option>
            ))}
          </select>
        </div>
        {subject && (
          <div className="builder-field">
            <label htmlFor={id('operator')}>{t('builderClauseOperatorN', { n })}</label>
            <select id={id('operator')} value={clause.operator} onChange={(e) => chooseOperator(e.target.value as Operator)}>
              {operators.map((op) => (
                <option key={op} value={op}>
                  {t(OPERATOR_LABEL[op])}
                </option>
              ))}
            </select>
          </div>
        )}
        {valueField}
      </div>
      <button type="button" onClick={onRemove}>
        {t('builderClauseRemoveN', { n })}
      </button>
    </li>
  );
}
