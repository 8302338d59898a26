/**
 * Paths and crashes: nothing is read from outside the project into the chart, nothing is written
 * outside --out (symbolic links inside out/ are replaced, never followed), and a bug prints one
 * line with the input position being processed, exits 2 and leaves out/ as it was.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readTree } from '../src/io.js';
import { runCli } from '../src/cli/program.js';
import { generate, type PipelineInput } from '../src/pipeline.js';
import { InternalError, formatInternalError } from '../src/diagnostics/internal-error.js';
import { migrateOptions, runInProcess } from './support/fixtures.js';

const scratch: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const SIMPLE = 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n';
const OUTSIDE_SECRET = 'root:x:0:0:outside-the-project-7c1e:/root:/bin/bash';

/** A project folder inside a parent that also holds a file the project must never read. */
function projectBesideSecret(compose: string): { project: string; secretPath: string } {
  const parent = tempDir('c2h-paths-');
  const project = join(parent, 'project');
  mkdirSync(project);
  writeFileSync(join(parent, 'passwd'), `${OUTSIDE_SECRET}\n`);
  writeFileSync(join(project, 'compose.yaml'), compose);
  return { project, secretPath: join(parent, 'passwd') };
}

const everything = (dir: string) => [...readTree(join(dir, 'out')).values()].join('\n');

describe('reading: nothing from outside the project reaches out/', () => {
  it('does not copy a bind mount of ../ into a ConfigMap; warns with the position instead', () => {
    const { project } = projectBesideSecret('services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ../passwd:/etc/passwd:ro\n');
    const run = runInProcess(project, migrateOptions({}));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('compose.yaml:5:9  warning: service "web": bind mount "../passwd" is outside the project folder');
    expect(everything(project)).not.toContain('outside-the-project-7c1e');
    expect(readFileSync(join(project, 'out', 'MIGRATION.md'), 'utf8')).toContain('is outside the project folder');
  });

  it('does not follow a symbolic link in the project that leads outside it', () => {
    const { project, secretPath } = projectBesideSecret('services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./config/app.conf:/etc/app.conf:ro\n      - ./config:/etc/app:ro\n');
    mkdirSync(join(project, 'config'));
    writeFileSync(join(project, 'config', 'real.conf'), 'listen 80;\n');
    symlinkSync(secretPath, join(project, 'config', 'app.conf'));
    const run = runInProcess(project, migrateOptions({}));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('config/app.conf" is a symbolic link that leads outside the project folder');
    const out = everything(project);
    expect(out).not.toContain('outside-the-project-7c1e');
    expect(out).toContain('listen 80;'); // the real file in the same folder is still copied
  });
});

describe('writing: nothing outside --out changes', () => {
  it('replaces out/chart when it is a symbolic link to another folder, leaving that folder alone', () => {
    const project = tempDir('c2h-paths-');
    const elsewhere = tempDir('c2h-elsewhere-');
    writeFileSync(join(elsewhere, 'Chart.yaml'), 'precious: true\n');
    writeFileSync(join(project, 'compose.yaml'), SIMPLE);
    mkdirSync(join(project, 'out'));
    symlinkSync(elsewhere, join(project, 'out', 'chart'));
    const before = readTree(elsewhere);
    const run = runInProcess(project, migrateOptions({}));
    expect(readTree(elsewhere)).toEqual(before);
    // Either refused (exit 2, link kept) or written into a real folder — never through the link.
    if (run.code === 0) expect(lstatSync(join(project, 'out', 'chart')).isDirectory()).toBe(true);
    else expect(run.code).toBe(2);
  });

  it('never writes through a symbolic link in out/ to a file outside it', () => {
    const project = tempDir('c2h-paths-');
    const elsewhere = tempDir('c2h-elsewhere-');
    writeFileSync(join(project, 'compose.yaml'), SIMPLE);
    expect(runInProcess(project, migrateOptions({})).code).toBe(0);
    // Someone replaces a generated file by a link to a file outside out/, then the input changes.
    const target = join(elsewhere, 'values.yaml');
    writeFileSync(target, 'outside: untouched\n');
    const linked = join(project, 'out', 'chart', 'values.yaml');
    rmSync(linked);
    symlinkSync(target, linked);
    writeFileSync(join(project, 'compose.yaml'), SIMPLE.replace('nginx:1.27', 'nginx:1.28'));
    const run = runInProcess(project, migrateOptions({}));
    expect(readFileSync(target, 'utf8')).toBe('outside: untouched\n');
    if (run.code === 0) expect(lstatSync(linked).isSymbolicLink()).toBe(false);
    else expect(run.code).toBe(2);
  });

  it('writes out/ where --out says even when out/ itself is a link, and leaves the link target\'s siblings alone', () => {
    const project = tempDir('c2h-paths-');
    const elsewhere = tempDir('c2h-elsewhere-');
    writeFileSync(join(elsewhere, 'unrelated.txt'), 'keep\n');
    writeFileSync(join(project, 'compose.yaml'), SIMPLE);
    symlinkSync(elsewhere, join(project, 'out'));
    runInProcess(project, migrateOptions({}));
    expect(readFileSync(join(elsewhere, 'unrelated.txt'), 'utf8')).toBe('keep\n');
    expect(existsSync(join(tmpdir(), 'chart'))).toBe(false);
  });
});

/** What generate() throws on `input` (undefined when it does not throw). */
function crashOf(input: PipelineInput): unknown {
  try {
    generate(input);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('internal errors', () => {
  it('print one line asking for a bug report, exit 2 and leave out/ intact when the writer hits a bug', () => {
    const project = tempDir('c2h-paths-');
    writeFileSync(join(project, 'compose.yaml'), SIMPLE);
    expect(runInProcess(project, migrateOptions({})).code).toBe(0);
    const before = readTree(join(project, 'out'));
    writeFileSync(join(project, 'compose.yaml'), SIMPLE.replace('8080:80', '9090:80'));
    const err: string[] = [];
    const code = runCli(['migrate'], {
      cwd: project, environment: {}, printer: { out: () => {}, err: (l) => err.push(l), color: false },
      // A bug, not a filesystem error: a plain Error without an errno code.
      afterFile: (path) => { if (path.endsWith('service.yaml')) throw new Error('injected failure'); },
    }, '0.0.0');
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^internal error: injected failure — this is a bug in compose2helm.*please report it.*out\/ was not changed/);
    expect(readTree(join(project, 'out'))).toEqual(before);
  });

  it('name the service and its position when translating it crashes', () => {
    const files: Record<string, string> = {
      'compose.yaml': 'services:\n  db:\n    image: postgres:16\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./site:/usr/share/nginx/html:ro\n',
    };
    const input: PipelineInput = {
      composeFiles: ['compose.yaml'], envFiles: [], environment: {}, profiles: [], projectName: 'app', mappingFiles: [], outDir: 'out',
      readFile: (path) => files[path],
      // The bind-mounted folder is read while "web" is translated; a reader bug surfaces there.
      listDir: (path) => { if (path === 'site') throw new Error('reader exploded'); return undefined; },
    };
    const thrown = crashOf(input);
    expect(thrown).toBeInstanceOf(InternalError);
    // The position is the service's body (where its first key is written), as for its other diagnostics.
    const bug = thrown as InternalError;
    expect([bug.activity, bug.at, bug.message]).toEqual(['translating service "web"', { file: 'compose.yaml', line: 5, col: 5 }, 'reader exploded']);
  });

  it('mask values from the inputs and the environment that a crash quotes in its message', () => {
    // An exception's message can quote the data it choked on (JSON.parse and RegExp errors do).
    const files: Record<string, string> = {
      'compose.yaml': [
        'services:', '  web:', '    image: nginx:1.27', '    environment:', '      API_TOKEN: tok-3f9a1c', '      DB_URL: postgres://app:${DB_PASSWORD}@db/app',
        '    build:', '      context: .', '      args:', '        NPM_TOKEN: npm-77b2e0', '    volumes:', '      - ./site:/usr/share/nginx/html:ro', '',
      ].join('\n'),
    };
    const quoted = ['tok-3f9a1c', 'pw-from-ci-4c1d', 'npm-77b2e0', 'runner-only-9e2b'];
    const input: PipelineInput = {
      composeFiles: ['compose.yaml'], envFiles: [], environment: { DB_PASSWORD: 'pw-from-ci-4c1d', CI_SECRET: 'runner-only-9e2b' }, profiles: [], projectName: 'app', mappingFiles: [], outDir: 'out',
      readFile: (path) => files[path],
      listDir: (path) => { if (path === 'site') throw new SyntaxError(`Unexpected token in ${quoted.map((v) => `"${v}"`).join(', ')} (site)`); return undefined; },
    };
    const thrown = crashOf(input);
    expect(thrown).toBeInstanceOf(InternalError);
    const line = formatInternalError(thrown);
    for (const value of quoted) expect(line).not.toContain(value);
    expect(line).toMatch(/^compose\.yaml:\d+:\d+  internal error while translating service "web": Unexpected token in "\*\*\*", "\*\*\*", "\*\*\*", "\*\*\*" \(site\) — this is a bug/);
  });
});
