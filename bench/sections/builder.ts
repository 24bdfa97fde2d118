/**
 * The builder's own work on a questionnaire, in Node (no browser): what it computes when it opens a survey
 * (outline, translation count, indicator completeness) and after each edit (the edit itself, then the same
 * again). Medians of repeated runs, in ms, for the real questionnaire and a synthetic 300-question one.
 * Issue 4's targets (open under 1 s, an edit under 50 ms) are for the page in headless Chromium; these figures
 * are the part of it that grows with the questionnaire, rendering aside.
 */
import { performance } from 'node:perf_hooks';
import { collectTexts, completenessOf } from '../../client/builder/translations';
import { commit, createHistory, outlineOf, setText, type Definition } from '../../client/builder/edit-definition';
import { loadDefaultSurveys } from '../../surveys/default-surveys';
import { checkIndicators } from '../../surveys/indicator-check';
import { entry, type Entry } from '../lib/entry';

/** A bilingual n-question definition (n/10 pages of 10: radiogroup, text, checkbox with four choices), the same in Node and in the browser. */
export function synthetic(n: number): Definition {
  const pages = [];
  for (let p = 0; p < n / 10; p++) {
    const elements = [];
    for (let i = 0; i < 10; i++) {
      const k = p * 10 + i;
      elements.push({
        type: k % 3 === 0 ? 'radiogroup' : k % 3 === 1 ? 'text' : 'checkbox',
        name: `q${k}`,
        title: { default: `Question ${k}`, fr: `Question ${k} (fr)` },
        ...(k % 3 === 1 ? {} : { choices: [1, 2, 3, 4].map((c) => ({ value: `c${c}`, text: { default: `Choice ${c}`, fr: `Choix ${c}` } })) }),
      });
    }
    pages.push({ name: `page${p}`, elements });
  }
  return { title: { default: 'Synthetic', fr: 'Synthétique' }, pages };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function time(runs: number, fn: () => void): number {
  fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return median(out);
}

/** What the builder derives from a definition when it renders. */
function derive(def: Definition) {
  outlineOf(def);
  completenessOf(collectTexts(def));
  checkIndicators(def);
}

export async function builderBench({ quick, log }: { quick: boolean; log: (s: string) => void }): Promise<Entry[]> {
  const runs = quick ? 10 : 50;
  const real = loadDefaultSurveys()[0]!.definition as Definition;
  const big = synthetic(300);
  const open = (def: Definition) => time(runs, () => derive(JSON.parse(JSON.stringify(def)) as Definition));
  let h = createHistory(big);
  let n = 0;
  const edit = time(runs, () => {
    h = commit(h, setText(h.present, [15, 5], 'title', 'fr', `Titre ${n++}`));
    derive(h.present);
  });
  const entries = [
    entry({ name: 'builder_open_real_ms', value: open(real), unit: 'ms', target: 1000 }),
    entry({ name: 'builder_open_300q_ms', value: open(big), unit: 'ms', target: 1000 }),
    entry({ name: 'builder_edit_300q_ms', value: edit, unit: 'ms', target: 50 }),
  ];
  log(`builder: ${entries.map((e) => `${e.name} ${e.value.toFixed(2)} ms`).join(', ')}`);
  return entries;
}
