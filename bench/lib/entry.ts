/** One figure of `bench/results.json` (see docs: `npm run bench`). */
export interface Entry {
  name: string;
  value: number;
  unit: string;
  target?: number;
  /** The same work done by the bare library in the same run. */
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
}

/**
 * How a target is read. Not written to results.json (the contract fixes its fields): by default the target
 * is an upper bound on `value` (times, sizes); `autosave_rps`'s target is a lower bound on its `ratio`.
 */
export interface TargetRule {
  on: 'value' | 'ratio';
  better: 'lower' | 'higher';
  /**
   * A second bound, on `ratio`, read in the same direction as `better` (e.g. analysis: under 5 s *and* under 3x
   * the baseline). The entry passes only when both hold. Printed in the table, not written to results.json.
   */
  ratioTarget?: number;
}

export const TARGET_RULES: Record<string, TargetRule> = {
  autosave_rps: { on: 'ratio', better: 'higher' },
  analysis_100k_ms: { on: 'value', better: 'lower', ratioTarget: 3 },
  csv_export_rows_per_s: { on: 'value', better: 'higher' },
};
export const ruleFor = (name: string): TargetRule => TARGET_RULES[name] ?? { on: 'value', better: 'lower' };

export function entry(e: Entry): Entry {
  const out: Entry = { name: e.name, value: e.value, unit: e.unit };
  if (e.target !== undefined) out.target = e.target;
  if (e.baseline !== undefined) {
    out.baseline = e.baseline;
    if (e.ratio === undefined && e.baseline !== 0 && Number.isFinite(e.baseline)) out.ratio = e.value / e.baseline;
  }
  if (e.ratio !== undefined) out.ratio = e.ratio;
  return out;
}

/** `true` pass, `false` fail, `undefined` when the entry has no target. */
export function passes(e: Entry): boolean | undefined {
  if (e.target === undefined) return undefined;
  const rule = ruleFor(e.name);
  const within = (x: number | undefined, target: number) =>
    x !== undefined && Number.isFinite(x) && (rule.better === 'lower' ? x <= target : x >= target);
  if (!within(rule.on === 'ratio' ? e.ratio : e.value, e.target)) return false;
  return rule.ratioTarget === undefined || within(e.ratio, rule.ratioTarget);
}
