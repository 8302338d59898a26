/**
 * Golden tests: every fixture generates exactly its expected tree (path set and bytes), passes
 * `migrate --check` against it, and generates identically twice. UPDATE_GOLDEN=1 rewrites the
 * expectations (refused under CI); review the diff before committing it.
 */
import { describe, expect, it } from 'vitest';
import { compareTrees } from '../src/check/compare-trees.js';
import { generateFixture, listFixtures, migrateOptions, readExpected, removeScratch, runInProcess, scratchCopy, writeExpected } from './support/fixtures.js';

const update = process.env.UPDATE_GOLDEN === '1';

describe.each(listFixtures().map((f) => [f.name, f] as const))('golden %s', (_name, fixture) => {
  it('generates the expected tree byte for byte', () => {
    const result = generateFixture(fixture);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.message)).toEqual([]);
    expect(result.tree).toBeDefined();
    if (update) writeExpected(fixture, result.tree!);
    const cmp = compareTrees(result.tree!, readExpected(fixture), (t) => t);
    // Shown as the same unified diff `--check` prints.
    expect(cmp.changes.map((c) => c.diff).join('\n')).toBe('');
    expect(cmp.unexpected).toEqual([]);
  });

  it('passes migrate --check against its expected tree', () => {
    const dir = scratchCopy(fixture);
    try {
      const run = runInProcess(dir, migrateOptions(fixture.config, { check: true }), fixture.config.env ?? {});
      expect(run.stdout).toMatch(/is up to date/);
      expect(run.code).toBe(0);
    } finally {
      removeScratch(dir);
    }
  });

  it('generates the same bytes twice', () => {
    const first = generateFixture(fixture).tree!;
    const second = generateFixture(fixture).tree!;
    expect([...second.entries()]).toEqual([...first.entries()]);
  });
});
