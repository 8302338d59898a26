/**
 * Drift detection and safe regeneration, end to end on a scratch copy of the platform:
 * `migrate --check` (text, json, github), what counts as drift, secrets in diffs, the atomic
 * writer under injected failures, no-op reruns, ownership through the manifest, and
 * byte-identical output from the built CLI across working directories, TZ and LANG.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compareTrees, MANIFEST_PATH } from '../src/check/compare-trees.js';
import { committedSecretValues, secretMasker } from '../src/check/mask-secrets.js';
import { checkSummary, colorEnabled, MAX_DIFF_LINES_PER_FILE, printComparison, printDiagnostics, type Printer } from '../src/cli/output.js';
import { regenerateCommand } from '../src/cli/run-migrate.js';
import { readTree } from '../src/io.js';
import { migrateOptions, platformFixture, REPO_ROOT, removeScratch, runInProcess, scratchCopy } from './support/fixtures.js';
import type { MigrateOptions } from '../src/cli/run-migrate.js';

const scratches: string[] = [];
afterEach(() => {
  while (scratches.length > 0) removeScratch(scratches.pop()!);
});

/**
 * The platform's inputs with out/ freshly generated from them — not the committed out/, which
 * other changes may have moved on from. Generated once; each test works on its own copy.
 */
let base: string | undefined;
beforeAll(() => {
  base = scratchCopy(platformFixture(), false);
  const run = runInProcess(base, migrateOptions({}), {});
  expect(run.stderr).not.toMatch(/error/);
  expect(run.code).toBe(0);
});
afterAll(() => {
  if (base) removeScratch(base);
});

function freshPlatform(): string {
  const dir = mkdtempSync(join(tmpdir(), 'c2h-drift-'));
  scratches.push(dir);
  cpSync(base!, dir, { recursive: true });
  return dir;
}

const migrate = (dir: string, overrides: Partial<MigrateOptions> = {}, env: Record<string, string> = {}) =>
  runInProcess(dir, migrateOptions({}, overrides), env);
const check = (dir: string, overrides: Partial<MigrateOptions> = {}, env: Record<string, string> = {}) =>
  migrate(dir, { check: true, ...overrides }, env);

function edit(dir: string, path: string, change: (text: string) => string): void {
  const file = join(dir, path);
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  expect(after, `edit of ${path} changes it`).not.toBe(before);
  writeFileSync(file, after);
}

const lastLine = (text: string) => text.split('\n').at(-1);
const FIX_LINE = /^out\/ is out of date: (\d+) file\(s\) differ from what the inputs generate\. Run `compose2helm migrate` to regenerate it, then commit\.$/;

/** A second compose file adding one service: generating with and without it adds and removes its files. */
const EXTRA_SERVICE = 'services:\n  whoami:\n    image: traefik/whoami:v1.10\n    ports:\n      - "8081:80"\n';

describe('migrate --check', () => {
  it('exits 0 and says so when out/ is up to date', () => {
    const dir = freshPlatform();
    const run = check(dir);
    expect(run.code).toBe(0);
    const files = readTree(join(dir, 'out')).size;
    expect(lastLine(run.stdout)).toBe(`out/ is up to date (${files} files).`);
    expect(run.stdout.split('\n')).toHaveLength(1);
  });

  it('reports an edited, a deleted and a stale owned file with diffs, and an unowned extra file as unexpected', () => {
    const dir = freshPlatform();
    const valuesLines = readFileSync(join(dir, 'out/chart/values.yaml'), 'utf8').split('\n');
    edit(dir, 'out/chart/values.yaml', (t) => t.replace(/\n/, '\n# edited by hand\n'));
    rmSync(join(dir, 'out/chart/templates/permify/service.yaml'));
    mkdirSync(join(dir, 'out/chart/templates/retired'), { recursive: true });
    writeFileSync(join(dir, 'out/chart/templates/retired/deployment.yaml'), 'kind: Deployment\n');
    edit(dir, `out/${MANIFEST_PATH}`, (t) => `${t}chart/templates/retired/deployment.yaml\n`);
    writeFileSync(join(dir, 'out/notes.txt'), 'my own notes\n');

    const run = check(dir);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    // changed: headers, a hunk with context, the removed line
    const changedAt = lines.indexOf('changed: out/chart/values.yaml');
    expect(changedAt).toBeGreaterThanOrEqual(0);
    expect(lines.slice(changedAt + 1, changedAt + 4)).toEqual([
      '--- a/out/chart/values.yaml', '+++ b/out/chart/values.yaml', '@@ -1,5 +1,4 @@',
    ]);
    expect(lines.slice(changedAt + 4, changedAt + 9)).toEqual([
      ` ${valuesLines[0]}`, '-# edited by hand', ` ${valuesLines[1]}`, ` ${valuesLines[2]}`, ` ${valuesLines[3]}`,
    ]);
    // missing: generated but deleted
    const missingAt = lines.indexOf('missing: out/chart/templates/permify/service.yaml');
    expect(lines.slice(missingAt + 1, missingAt + 3)).toEqual(['--- /dev/null', '+++ b/out/chart/templates/permify/service.yaml']);
    // stale: listed in the manifest, no longer generated
    const staleAt = lines.indexOf('stale: out/chart/templates/retired/deployment.yaml');
    expect(lines.slice(staleAt + 1, staleAt + 5)).toEqual(['--- a/out/chart/templates/retired/deployment.yaml', '+++ /dev/null', '@@ -1,1 +0,0 @@', '-kind: Deployment']);
    expect(lines).toContain('unexpected: out/notes.txt (not generated by compose2helm; left alone)');
    expect(lines).toContain(`changed: out/${MANIFEST_PATH}`);
    expect(lastLine(run.stdout)).toMatch(FIX_LINE);
    expect(FIX_LINE.exec(lastLine(run.stdout)!)![1]).toBe('4');
  });

  it('reports a file it did not generate but does not fail on it alone', () => {
    const dir = freshPlatform();
    mkdirSync(join(dir, 'out/chart/charts'));
    writeFileSync(join(dir, 'out/chart/charts/postgresql-16.7.27.tgz'), 'helm dependency build put this here\n');
    const run = check(dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('unexpected: out/chart/charts/postgresql-16.7.27.tgz (not generated by compose2helm; left alone)');
    expect(lastLine(run.stdout)).toMatch(/^out\/ is up to date \(\d+ files\)\.$/);
  });

  it.each([
    ['docker-compose.yml (LOG_LEVEL default)', 'docker-compose.yml', (t: string) => t.replace('LOG_LEVEL:-debug', 'LOG_LEVEL:-info'), 'chart/values-dev.yaml'],
    ['a mappings file (agent CPU request)', 'mappings/platform.yaml', (t: string) => t.replace('requests: { cpu: 250m', 'requests: { cpu: 300m'), 'chart/values.yaml'],
    ['the bind-mounted permify/config.yaml behind a ConfigMap', 'permify/config.yaml', (t: string) => `${t}# tuned by hand\n`, 'chart/files/permify/config-yaml/config.yaml'],
  ])('exits 1 when an input changes: %s', (_name, input, change, drifted) => {
    const dir = freshPlatform();
    edit(dir, input, change);
    const run = check(dir);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')).toContain(`changed: out/${drifted}`);
    expect(lastLine(run.stdout)).toMatch(FIX_LINE);
  });

  it('exits 1 when a .env value changes', () => {
    const dir = freshPlatform();
    writeFileSync(join(dir, '.env'), 'OVN_VERSION=24.09\n');
    const run = check(dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^\+.*24\.09/m);
    expect(lastLine(run.stdout)).toMatch(FIX_LINE);
  });

  it('names the options to regenerate with in the closing line', () => {
    expect(regenerateCommand(migrateOptions({}, { file: ['deploy/compose.yaml'], out: 'deploy/out', profile: ['debug tools'] })))
      .toBe("compose2helm migrate -f deploy/compose.yaml -o deploy/out -p 'debug tools'");
    expect(regenerateCommand(migrateOptions({}))).toBe('compose2helm migrate');
  });
});

describe('secret values in printed diffs', () => {
  const FIRST = 'first-s3cret-value-for-test';
  const SECOND = 'second-s3cret-value-for-test';

  it('shows *** for the old and the new value, in text, json and github output', () => {
    const dir = scratchCopy(platformFixture(), false);
    scratches.push(dir);
    writeFileSync(join(dir, '.env'), `SESSION_SECRET=${FIRST}\n`);
    expect(migrate(dir).code).toBe(0);
    expect(readFileSync(join(dir, 'out/chart/values-dev.yaml'), 'utf8')).toContain(FIRST);
    writeFileSync(join(dir, '.env'), `SESSION_SECRET=${SECOND}\n`);
    for (const format of ['text', 'json', 'github'] as const) {
      const run = check(dir, { format });
      expect(run.code).toBe(1);
      const printed = run.stdout + run.stderr;
      expect(printed).not.toContain(FIRST);
      expect(printed).not.toContain(SECOND);
      expect(printed).not.toContain('s3cret');
      if (format !== 'github') {
        expect(printed).toMatch(/-  sessionSecret: \*\*\*/);
        expect(printed).toMatch(/\+  sessionSecret: \*\*\*/);
      }
    }
  });

  it('finds the secret values a committed values-dev.yaml holds, and masks them in diff lines only', () => {
    const dev = "# header\n\nsecrets:\n  dbPassword: hunter22\n  apiKey: 'x y z'\n  port: 5432\n\nweb:\n  config:\n    LOG_LEVEL: debug\n";
    expect(committedSecretValues(dev)).toEqual(['hunter22', 'x y z', '5432']);
    expect(committedSecretValues(undefined)).toEqual([]);
    expect(committedSecretValues('web: {}\n')).toEqual([]);
    expect(committedSecretValues('secrets: [unclosed\n')).toEqual([]);
    const mask = secretMasker(['current-value'], ['hunter22']);
    // Before diffing (no generated text): only current values, so old and new texts still differ.
    expect(mask('a: hunter22 b: current-value')).toBe('a: hunter22 b: ***');
    // A diff line: old values too.
    expect(mask('  dbPassword: hunter22', 'web: {}\n')).toBe('  dbPassword: ***');
  });

  it('masks known values anywhere and learns line shapes from the generated file', () => {
    const mask = secretMasker(['hunter22', 'ab']);
    expect(mask('url: postgres://u:hunter22@db')).toBe('url: postgres://u:***@db');
    // a short value is masked only where the generated file has it as a whole `key: value`
    expect(mask('tab: ab', 'tab: ab\n')).toBe('tab: ***');
    expect(mask('table: abc')).toBe('table: abc');
    expect(mask('  token: "old value"', '  token: "hunter22"\n')).toBe('  token: ***');
  });
});

describe('migrate --check --format json', () => {
  it('prints one parseable object describing drift', () => {
    const dir = freshPlatform();
    edit(dir, 'docker-compose.yml', (t) => t.replace('LOG_LEVEL:-debug', 'LOG_LEVEL:-info'));
    writeFileSync(join(dir, 'out/notes.txt'), 'mine\n');
    const run = check(dir, { format: 'json' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(report).sort()).toEqual(['changes', 'conflicts', 'diagnostics', 'exitCode', 'outDir', 'status', 'unexpected']);
    expect(report).toMatchObject({ status: 'drift', exitCode: 1, outDir: 'out', unexpected: ['notes.txt'], conflicts: [] });
    const changes = report.changes as { path: string; status: string; line: number; diff: string }[];
    expect(changes.map((c) => [c.path, c.status])).toContainEqual(['chart/values-dev.yaml', 'changed']);
    for (const c of changes) {
      expect(c.diff.split('\n').slice(0, 2)).toEqual([`--- a/out/${c.path}`, `+++ b/out/${c.path}`]);
      expect(c.line).toBeGreaterThan(0);
    }
    expect(Array.isArray(report.diagnostics)).toBe(true);
  });

  it('says up-to-date with no changes', () => {
    const dir = freshPlatform();
    const report = JSON.parse(check(dir, { format: 'json' }).stdout);
    expect(report).toMatchObject({ status: 'up-to-date', exitCode: 0, changes: [], unexpected: [], conflicts: [] });
  });

  it('carries input errors with code and position', () => {
    const dir = freshPlatform();
    edit(dir, 'docker-compose.yml', (t) => t.replace('interval: 10s', 'interval: 10 s'));
    const run = check(dir, { format: 'json' });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.status).toBe('invalid');
    const error = report.diagnostics.find((d: { severity: string }) => d.severity === 'error');
    expect(error).toMatchObject({ at: { file: 'docker-compose.yml' } });
    expect(typeof error.code).toBe('string');
    const line = readFileSync(join(dir, 'docker-compose.yml'), 'utf8').split('\n')[error.at.line - 1];
    expect(line).toContain('10 s');
  });
});

describe('migrate --check --format github', () => {
  const ANNOTATION = /^::(error|warning) (.*?)::(.*)$/;
  const parse = (stdout: string) => stdout.split('\n').flatMap((l) => {
    const m = ANNOTATION.exec(l);
    if (!m) return [];
    const props = Object.fromEntries(m[2]!.split(',').map((p) => p.split('=') as [string, string]));
    return [{ level: m[1], props, message: m[3]! }];
  });

  it('annotates an input error at its file and line', () => {
    const dir = freshPlatform();
    edit(dir, 'docker-compose.yml', (t) => t.replace('interval: 10s', 'interval: 10 s'));
    const run = check(dir, { format: 'github' });
    expect(run.code).toBe(2);
    const errors = parse(run.stdout).filter((a) => a.level === 'error');
    expect(errors.length).toBeGreaterThan(0);
    const { props, message } = errors[0]!;
    expect(props.file).toBe('docker-compose.yml');
    expect(readFileSync(join(dir, 'docker-compose.yml'), 'utf8').split('\n')[Number(props.line) - 1]).toContain('10 s');
    expect(Number(props.col)).toBeGreaterThan(0);
    expect(message).toMatch(/control-plane/);
  });

  it('annotates each drifted file once, at the first line that differs, and warns about unexpected files', () => {
    const dir = freshPlatform();
    const values = readFileSync(join(dir, 'out/chart/values.yaml'), 'utf8').split('\n');
    const target = values.findIndex((l) => /^\s+tag:/.test(l));
    expect(target).toBeGreaterThan(0);
    edit(dir, 'out/chart/values.yaml', (t) => t.split('\n').map((l, i) => (i === target ? `${l}-edited` : l)).join('\n'));
    rmSync(join(dir, 'out/skaffold.yaml'));
    writeFileSync(join(dir, 'out/notes.txt'), 'mine\n');
    const run = check(dir, { format: 'github' });
    expect(run.code).toBe(1);
    const annotations = parse(run.stdout);
    expect(annotations.filter((a) => a.level === 'error').map((a) => [a.props.file, a.props.line])).toEqual([
      ['out/chart/values.yaml', String(target + 1)],
      ['out/skaffold.yaml', '1'],
    ]);
    expect(annotations.filter((a) => a.level === 'warning').map((a) => a.props.file)).toEqual(['out/notes.txt']);
    for (const a of annotations) expect(a.props.title).toMatch(/^compose2helm /);
    // the readable diff is folded into a group, and the fix line closes the log
    expect(run.stdout).toContain('::group::compose2helm --check: diff\nchanged: out/chart/values.yaml\n--- a/out/chart/values.yaml');
    expect(lastLine(run.stdout)).toMatch(FIX_LINE);
  });
});

describe('printing', () => {
  const capture = (color: boolean) => {
    const lines: string[] = [];
    const printer: Printer = { out: (l) => lines.push(l), err: (l) => lines.push(l), color };
    return { printer, lines };
  };
  const manifest = [MANIFEST_PATH, 'a.yaml\nsmall.txt\n'] as const;
  const comparison = compareTrees(new Map([['a.yaml', 'x: 2\n'], ['b.yaml', 'new\n'], manifest]), new Map([['a.yaml', 'x: 1\n'], manifest]), (t) => t, { label: 'out' });

  it('colours diffs and diagnostics only when asked', () => {
    const on = capture(true);
    printComparison(on.printer, 'text', 'out', comparison, 'compose2helm migrate');
    printDiagnostics(on.printer, 'text', [{ code: 'INVALID_VALUE', severity: 'error', message: 'bad' }], (t) => t);
    expect(on.lines).toContain('\u001b[31m-x: 1\u001b[0m');
    expect(on.lines).toContain('\u001b[32m+x: 2\u001b[0m');
    expect(on.lines).toContain('\u001b[31merror: bad\u001b[0m');
    const off = capture(false);
    printComparison(off.printer, 'text', 'out', comparison, 'compose2helm migrate');
    printDiagnostics(off.printer, 'text', [{ code: 'INVALID_VALUE', severity: 'error', message: 'bad' }], (t) => t);
    expect(off.lines.join('\n')).not.toContain('\u001b');
    expect(off.lines).toContain('-x: 1');
    expect(off.lines).toContain('error: bad');
  });

  it('enables colour on a TTY unless NO_COLOR is set, never when piped', () => {
    expect(colorEnabled(true, {})).toBe(true);
    expect(colorEnabled(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled(false, {})).toBe(false);
    expect(colorEnabled(undefined, {})).toBe(false);
  });

  it(`cuts a diff after ${MAX_DIFF_LINES_PER_FILE} lines per file with a note, and keeps the other files`, () => {
    const big = Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const cmp = compareTrees(new Map([['big.txt', big], ['small.txt', 'b\n'], manifest]), new Map([['small.txt', 'a\n'], manifest]), (t) => t, { label: 'out' });
    const { printer, lines } = capture(false);
    printComparison(printer, 'text', 'out', cmp, 'compose2helm migrate');
    const note = lines.findIndex((l) => l.startsWith('…'));
    // status + 2 headers + 200 body lines, then the note; the hunk header counts as a body line
    expect(note).toBe(3 + MAX_DIFF_LINES_PER_FILE);
    expect(lines[note]).toBe(`… ${501 - MAX_DIFF_LINES_PER_FILE} more line(s) of this diff not shown (--format json has all of it)`);
    expect(lines.slice(note + 1)).toEqual(['changed: out/small.txt', '--- a/out/small.txt', '+++ b/out/small.txt', '@@ -1,1 +1,1 @@', '-a', '+b']);
    expect(cmp.changes[0]!.diff.split('\n')).toHaveLength(503);
  });

  it('keeps the closing lines stable', () => {
    expect(checkSummary('out', comparison, 2, 'compose2helm migrate')).toBe(
      'out/ is out of date: 2 file(s) differ from what the inputs generate. Run `compose2helm migrate` to regenerate it, then commit.');
    expect(checkSummary('out', { changes: [], unexpected: [], conflicts: [] }, 7, 'compose2helm migrate')).toBe('out/ is up to date (7 files).');
  });
});

describe('migrate writes safely', () => {
  const stats = (dir: string) => new Map([...readTree(dir).keys()].map((p) => {
    const s = statSync(join(dir, p));
    return [p, `${s.ino}:${s.mtimeMs}`] as const;
  }));
  const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.includes('compose2helm-'));

  it('is a no-op the second time: no file rewritten, no folder swapped, user files kept', () => {
    const dir = freshPlatform();
    writeFileSync(join(dir, 'out/notes.txt'), 'mine\n');
    const before = stats(join(dir, 'out'));
    const folder = statSync(join(dir, 'out')).ino;
    const run = migrate(dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`out/ is already up to date (${before.size - 1} files).`);
    expect(stats(join(dir, 'out'))).toEqual(before);
    expect(statSync(join(dir, 'out')).ino).toBe(folder);
  });

  it('rewrites only the files whose content changed', () => {
    const dir = freshPlatform();
    const before = stats(join(dir, 'out'));
    const oldTree = readTree(join(dir, 'out'));
    edit(dir, 'mappings/platform.yaml', (t) => t.replace('requests: { cpu: 250m', 'requests: { cpu: 300m'));
    const run = migrate(dir);
    expect(run.code).toBe(0);
    const after = stats(join(dir, 'out'));
    const newTree = readTree(join(dir, 'out'));
    const rewritten = [...after.keys()].filter((p) => after.get(p) !== before.get(p)).sort();
    const contentChanged = [...newTree.keys()].filter((p) => newTree.get(p) !== oldTree.get(p)).sort();
    expect(rewritten).toEqual(contentChanged);
    expect(rewritten).toContain('chart/values.yaml');
    expect(rewritten.length).toBeLessThan(after.size / 2);
    expect(run.stdout).toMatch(new RegExp(`^wrote out/: ${rewritten.length} changed; \\d+ of \\d+ files unchanged\\.$`));
    expect(check(dir).code).toBe(0);
  });

  it('removes files it generated earlier and no longer does, and keeps files it did not generate', () => {
    const dir = freshPlatform();
    writeFileSync(join(dir, 'extra.yml'), EXTRA_SERVICE);
    expect(migrate(dir, { file: ['docker-compose.yml', 'extra.yml'] }).code).toBe(0);
    const whoami = readdirSync(join(dir, 'out/chart/templates/whoami'));
    expect(whoami.length).toBeGreaterThan(0);
    writeFileSync(join(dir, 'out/notes.txt'), 'mine\n');
    mkdirSync(join(dir, 'out/chart/charts'));
    writeFileSync(join(dir, 'out/chart/charts/postgresql-16.7.27.tgz'), 'not really a tarball\n');

    const run = migrate(dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/removed/);
    expect(existsSync(join(dir, 'out/chart/templates/whoami'))).toBe(false);
    expect(readFileSync(join(dir, 'out/notes.txt'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(dir, 'out/chart/charts/postgresql-16.7.27.tgz'), 'utf8')).toBe('not really a tarball\n');
    expect(run.stderr).toContain('note: out/notes.txt was not generated by compose2helm; kept as is');
    expect(leftovers(dir)).toEqual([]);
    expect(check(dir).code).toBe(0);
  });

  it('refuses to overwrite a file it did not generate at a path it now generates (exit 2, nothing written)', () => {
    const dir = freshPlatform();
    mkdirSync(join(dir, 'out/chart/templates/whoami'));
    writeFileSync(join(dir, 'out/chart/templates/whoami/service.yaml'), '# hand-written\n');
    writeFileSync(join(dir, 'extra.yml'), EXTRA_SERVICE);
    const before = readTree(join(dir, 'out'));
    const run = migrate(dir, { file: ['docker-compose.yml', 'extra.yml'] });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: out/chart/templates/whoami/service.yaml would be overwritten, but compose2helm did not generate what is there now');
    expect(run.stderr).toContain('move that file out of the way');
    expect(lastLine(run.stderr)).toBe('compose2helm: 1 error(s); out/ was not changed.');
    expect(readTree(join(dir, 'out'))).toEqual(before);
    // --check calls it drift and says why migrate would refuse
    const checked = check(dir, { file: ['docker-compose.yml', 'extra.yml'] });
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('changed: out/chart/templates/whoami/service.yaml (not generated by compose2helm: migrate will refuse to overwrite it; move it away first)');
  });

  it('refuses when a file of its own blocks a folder compose2helm needs', () => {
    const dir = freshPlatform();
    writeFileSync(join(dir, 'out/chart/templates/whoami'), 'a file where a folder goes\n');
    writeFileSync(join(dir, 'extra.yml'), EXTRA_SERVICE);
    const before = readTree(join(dir, 'out'));
    const run = migrate(dir, { file: ['docker-compose.yml', 'extra.yml'] });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/out\/chart\/templates\/whoami\/\S+ would be overwritten/);
    expect(readTree(join(dir, 'out'))).toEqual(before);
  });

  it('leaves the old out/ byte-identical and no staging folder when writing fails halfway', () => {
    const dir = freshPlatform();
    writeFileSync(join(dir, 'out/notes.txt'), 'mine\n');
    edit(dir, 'docker-compose.yml', (t) => t.replace('LOG_LEVEL:-debug', 'LOG_LEVEL:-info'));
    const before = readTree(join(dir, 'out'));
    let written = 0;
    const crashOnFifth = () => {
      written += 1;
      if (written === 5) throw new Error('injected failure after 4 files');
    };
    expect(() => runInProcess(dir, migrateOptions({}), {}, crashOnFifth)).toThrow('injected failure');
    expect(written).toBe(5);
    expect(readTree(join(dir, 'out'))).toEqual(before);
    expect(leftovers(dir)).toEqual([]);

    // A filesystem error is the machine's, not a bug: exit 2 and a clear line, out/ untouched.
    written = 0;
    const diskFull = () => {
      written += 1;
      if (written === 5) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const run = runInProcess(dir, migrateOptions({}), {}, diskFull);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: could not write out/: ENOSPC: no space left on device, write');
    expect(lastLine(run.stderr)).toBe('compose2helm: out/ was not changed.');
    expect(readTree(join(dir, 'out'))).toEqual(before);
    expect(leftovers(dir)).toEqual([]);
  });

  it('restores the previous out/ after a crash between the two renames of the swap', () => {
    const dir = freshPlatform();
    writeFileSync(join(dir, 'out/notes.txt'), 'mine\n');
    const before = readTree(join(dir, 'out'));
    // the state a kill -9 between `out → backup` and `staging → out` leaves behind
    renameSync(join(dir, 'out'), join(dir, '.out.compose2helm-previous'));
    mkdirSync(join(dir, '.out.compose2helm-staging'));
    const run = migrate(dir);
    expect(run.code).toBe(0);
    expect(readTree(join(dir, 'out'))).toEqual(before);
    expect(leftovers(dir)).toEqual([]);
  });

  it('refuses an --out folder that holds the inputs', () => {
    const dir = freshPlatform();
    const run = migrate(dir, { out: '.' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: --out "." contains the input docker-compose.yml; choose an output folder of its own (default: out)');
  });
});

describe('the built CLI is byte-identical across working directories, TZ and LANG', () => {
  const BIN = join(REPO_ROOT, 'bin', 'compose2helm.js');
  const cli = (cwd: string, args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, [BIN, 'migrate', ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });

  it('generates the same out/ from the project folder and from a nested folder with relative -f/-m/-o', () => {
    expect(existsSync(join(REPO_ROOT, 'dist', 'main.js')), 'run `npm run build` first').toBe(true);
    const dir = scratchCopy(platformFixture(), false);
    scratches.push(dir);
    const a = cli(dir, ['-o', 'out-a'], { TZ: 'UTC', LANG: 'C' });
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    mkdirSync(join(dir, 'sub', 'deeper'), { recursive: true });
    const b = cli(join(dir, 'sub', 'deeper'), ['-f', '../../docker-compose.yml', '-m', '../../mappings', '-o', '../../out-b'],
      { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' });
    expect(b.status).toBe(0);
    const c = cli(join(dir, 'sub'), ['-f', join(dir, 'docker-compose.yml'), '-m', join(dir, 'mappings'), '-o', join(dir, 'out-c')],
      { TZ: 'America/St_Johns', LANG: 'de_DE.UTF-8' });
    expect(c.status).toBe(0);
    const treeA = readTree(join(dir, 'out-a'));
    expect(treeA.size).toBeGreaterThan(20);
    expect(readTree(join(dir, 'out-b'))).toEqual(treeA);
    expect(readTree(join(dir, 'out-c'))).toEqual(treeA);
    // and --check from the nested folder agrees: exit 0, no colour when piped
    const checked = cli(join(dir, 'sub'), ['-f', '../docker-compose.yml', '-m', '../mappings', '-o', '../out-a', '--check'], {});
    expect(checked.status).toBe(0);
    expect(checked.stdout).toMatch(/^\.\.\/out-a\/ is up to date \(\d+ files\)\.\n$/);
    expect(checked.stdout).not.toContain('\u001b');
  });

  it('ends quietly with the decided exit code when the reader closes the pipe early (| head)', () => {
    const dir = scratchCopy(platformFixture(), false);
    scratches.push(dir);
    // No out/: every file is missing, and the JSON carries every diff whole — far beyond a pipe buffer.
    const run = spawnSync('bash', ['--norc', '--noprofile', '-c', `"${process.execPath}" "${BIN}" migrate --check --format json | head -c 100 >/dev/null; echo "status=\${PIPESTATUS[0]}"`],
      { cwd: dir, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('status=1\n');
  });
});
