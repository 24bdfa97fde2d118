/**
 * Server validation time of a 200-question submission: `SubmissionChecker.check` on a complete, valid answer
 * set, cold (first call: builds the Model) and warm (median and p95). Baseline: bare survey-core doing
 * `data =` + `validate(true)` + collecting the errors + `clear` on a reused Model (what the checker adds on top
 * are its type checks).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Model } from 'survey-core';
import { SubmissionChecker } from '../../server/domain/submission-check';
import { answersFor, generateDefinition, questionsOf } from '../lib/answers';
import { entry, type Entry } from '../lib/entry';
import { ROOT, macrotask, median, quantile } from '../lib/util';

export async function validationBench({ quick, log }: { quick: boolean; log: (s: string) => void }): Promise<Entry[]> {
  const runs = quick ? 15 : 50;
  const definition = generateDefinition({ questions: 200, pages: 10 });
  const nQuestions = questionsOf(definition).length;
  if (nQuestions !== 200) throw new Error(`the generated definition has ${nQuestions} questions, expected 200`);
  const data = answersFor(definition, { seed: 2 });
  if (Object.keys(data).length !== 200) throw new Error(`the generated answer set has ${Object.keys(data).length} answers, expected 200`);

  const checker = new SubmissionChecker();
  const check = () => checker.check({ versionId: 1, definition, data, locale: 'en' });
  const failIfErrors = (errors: Record<string, string[]>) => {
    const names = Object.keys(errors);
    if (names.length) {
      const sample = names.slice(0, 5).map((n) => `${n}: ${errors[n]!.join(' / ')}`);
      throw new Error(`SubmissionChecker reported ${names.length} problem(s) on the valid 200-question answer set:\n  ${sample.join('\n  ')}`);
    }
  };

  let t = performance.now();
  const coldErrors = check();
  const cold = performance.now() - t;
  failIfErrors(coldErrors);
  await macrotask();

  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    t = performance.now();
    const errors = check();
    times.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
    failIfErrors(errors);
    await macrotask();
  }

  // The checker must also find problems, or a fast {} would prove nothing.
  const broken = { ...data, q002_number: 'many', q003_radiogroup: 'not-a-choice' } as Record<string, unknown>;
  delete broken['q001_text'];
  const brokenErrors = checker.check({ versionId: 1, definition, data: broken, locale: 'en' });
  for (const q of ['q001_text', 'q002_number', 'q003_radiogroup']) {
    if (!brokenErrors[q]) throw new Error(`SubmissionChecker missed the problem planted in ${q} (got ${JSON.stringify(brokenErrors)})`);
  }
  await macrotask();

  // Baseline: bare survey-core on a reused Model.
  const model = new Model(definition);
  const bare = () => {
    model.data = data;
    model.validate(true, false);
    const errors: Record<string, string[]> = {};
    for (const q of model.getAllQuestions(true)) if (q.errors.length) errors[q.name] = q.errors.map((e) => e.getText());
    model.clear(true, true);
    return errors;
  };
  failIfErrors(bare());
  await macrotask();
  const bareTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    bare();
    bareTimes.push(performance.now() - t);
    await macrotask();
  }
  model.dispose();

  // Side check: the autosave payload (default survey half filled) has no type problems, only unanswered required questions.
  const defaultDef = JSON.parse(fs.readFileSync(path.join(ROOT, 'surveys', 'icc-annual-survey.json'), 'utf8')) as Record<string, unknown>;
  const half = answersFor(defaultDef, { seed: 1, share: 0.5 });
  const halfErrors = checker.check({ versionId: 2, definition: defaultDef, data: half, locale: 'en' });
  const typeProblems = Object.keys(halfErrors).filter((q) => half[q] !== undefined);
  if (typeProblems.length) throw new Error(`the autosave payload has invalid answers: ${JSON.stringify(halfErrors)}`);

  const med = median(times);
  const p95 = quantile(times, 0.95);
  const bareMed = median(bareTimes);
  const bareP95 = quantile(bareTimes, 0.95);
  log(
    `validate: 200 questions, ${runs} warm runs: median ${med.toFixed(1)} ms (CPU time ${median(cpuTimes).toFixed(1)} ms), ` +
      `p95 ${p95.toFixed(1)} ms, cold ${cold.toFixed(0)} ms;` +
      ` bare survey-core median ${bareMed.toFixed(1)} ms, p95 ${bareP95.toFixed(1)} ms`,
  );
  return [
    entry({ name: 'validate_200q_median_ms', value: med, unit: 'ms', target: 30, baseline: bareMed }),
    entry({ name: 'validate_200q_p95_ms', value: p95, unit: 'ms', baseline: bareP95 }),
    entry({ name: 'validate_200q_cold_ms', value: cold, unit: 'ms' }),
  ];
}
