/**
 * Inputs that must be refused: test/fixtures/_errors_/<case>/input/ (+ fixture.json) and
 * expected.txt, the exact stderr. Each must exit 2, print no stack trace, and leave an existing
 * out/ byte-identical. UPDATE_GOLDEN=1 writes expected.txt (refused under CI).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree } from '../src/io.js';
import { FIXTURES_DIR, migrateOptions, removeScratch, runInProcess, scratchCopy, type FixtureConfig } from './support/fixtures.js';

const ERRORS_DIR = join(FIXTURES_DIR, '_errors_');
const cases = existsSync(ERRORS_DIR) ? readdirSync(ERRORS_DIR).sort() : [];

describe.each(cases)('refuses %s', (name) => {
  const dir = join(ERRORS_DIR, name);
  const configPath = join(dir, 'fixture.json');
  const config: FixtureConfig = existsSync(configPath) ? JSON.parse(readFileSync(configPath, 'utf8')) : {};

  it('exits 2 with the expected message and leaves out/ untouched', () => {
    const scratch = scratchCopy({ name, inputDir: join(dir, 'input'), expectedDir: join(dir, 'no-expected'), config }, false);
    try {
      // An out/ from an earlier good run, plus a file somebody else put there.
      mkdirSync(join(scratch, 'out', 'chart'), { recursive: true });
      writeFileSync(join(scratch, 'out', 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: previous\nversion: 1.0.0\n');
      writeFileSync(join(scratch, 'out', 'notes.txt'), 'mine\n');
      const before = readTree(join(scratch, 'out'));
      const run = runInProcess(scratch, migrateOptions(config), config.env ?? {});
      if (process.env.UPDATE_GOLDEN === '1') {
        if (process.env.CI) throw new Error('UPDATE_GOLDEN is refused under CI');
        writeFileSync(join(dir, 'expected.txt'), `${run.stderr}\n`);
      }
      expect(run.stderr).toBe(readFileSync(join(dir, 'expected.txt'), 'utf8').replace(/\n$/, ''));
      expect(run.code).toBe(2);
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(readTree(join(scratch, 'out'))).toEqual(before);
    } finally {
      removeScratch(scratch);
    }
  });
});
