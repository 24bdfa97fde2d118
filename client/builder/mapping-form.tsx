import { useState } from 'react';
import type { MessageKey } from '../i18n';
import type { AnswerMapping, RenameNeed } from '../../surveys/definition-diff';
import { collectQuestions } from '../../surveys/definition-diff';
import { itemsOf, type Definition } from './edit-definition';

type T = (k: MessageKey, v?: Record<string, string | number>) => string;

const DROPPED = '\u0000dropped';

/** The mapping the form starts with: suggested renames, everything else still to choose. */
function initialChoice(needs: RenameNeed[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of needs) if (n.kind === 'question') out[`q:${n.code}`] = n.suggestion ?? '';
  return out;
}

/** The mapping from the form's choices ('' = not chosen yet). */
export function mappingOf(needs: RenameNeed[], choice: Record<string, string>): AnswerMapping | undefined {
  const mapping: AnswerMapping = { questions: {}, values: {} };
  for (const n of needs) {
    const key = n.kind === 'question' ? `q:${n.code}` : `v:${n.question}:${n.value}`;
    const c = choice[key] ?? '';
    if (c === '') return undefined;
    const target = c === DROPPED ? null : c;
    if (n.kind === 'question') mapping.questions[n.code] = target;
    else (mapping.values[n.question] ??= {})[n.value] = target;
  }
  return mapping;
}

/**
 * Publishing refused because the draft removes codes or values that have answers: the Unit says, for each,
 * which new code or value it became, or that it is dropped; then publishes with that mapping (stored with the
 * version, used to compare years).
 */
export function MappingForm({ needs, def, t, busy, onPublish }: { needs: RenameNeed[]; def: Definition; t: T; busy: boolean; onPublish: (m: AnswerMapping) => void }) {
  const [choice, setChoice] = useState<Record<string, string>>(() => initialChoice(needs));
  const questions = [...collectQuestions(def).keys()];
  const valuesOf = (question: string) => {
    const q = collectQuestions(def).get(question);
    if (!q) return [];
    return ['choices', 'rows', 'columns'].flatMap((l) => itemsOf(q.json, l as 'choices').map((i) => String(i.value ?? i.name)));
  };
  const mapping = mappingOf(needs, choice);
  return (
    <form
      className="builder-mapping"
      onSubmit={(e) => {
        e.preventDefault();
        if (mapping) onPublish(mapping);
      }}
    >
      <p>{t('builderMappingIntro')}</p>
      <ul className="builder-problems">
        {needs.map((n) => {
          const key = n.kind === 'question' ? `q:${n.code}` : `v:${n.question}:${n.value}`;
          const label = n.kind === 'question' ? t('builderMappingQuestion', { code: n.code, n: n.answers }) : t('builderMappingValue', { value: n.value, code: n.question, n: n.answers });
          const options = n.kind === 'question' ? questions : valuesOf(n.question);
          return (
            <li key={key} className="builder-field">
              <label htmlFor={`mapping-${key}`}>{label}</label>
              <select id={`mapping-${key}`} value={choice[key] ?? ''} onChange={(e) => setChoice({ ...choice, [key]: e.target.value })}>
                <option value="">{t('builderClauseChoose')}</option>
                <option value={DROPPED}>{t('builderMappingDropped')}</option>
                {options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            </li>
          );
        })}
      </ul>
      <button type="submit" className="primary" disabled={!mapping || busy}>
        {t('builderMappingPublish')}
      </button>
    </form>
  );
}
