import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** One line a person can act on: the rule, then the import (or the cycle) that breaks it. */
function describeViolation(v: IViolation): string {
  const path = v.cycle?.length ? [v.from, ...v.cycle.map((step) => step.name)].join(' -> ') : `${v.from} -> ${v.to}`;
  return `${v.rule.name}: ${path}`;
}

// The same cruise as `npm run lint:deps`, with the rules of .dependency-cruiser.cjs, so `npm test`
// enforces the layers too.
describe('layers', () => {
  it('src/ keeps the import rules of .dependency-cruiser.cjs', { timeout: 120_000 }, async () => {
    const options = await extractDepcruiseOptions(`${root}.dependency-cruiser.cjs`);
    const tsConfig = extractTSConfig(`${root}tsconfig.json`);
    const { output } = await cruise(['src'], { ...options, baseDir: root }, {}, { tsConfig });
    const result = output as ICruiseResult;

    expect(result.summary.totalCruised).toBeGreaterThan(100);
    const errors = result.summary.violations.filter((v) => v.rule.severity === 'error');
    expect(errors.map(describeViolation)).toEqual([]);
  });
});
