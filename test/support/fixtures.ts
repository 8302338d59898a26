/**
 * Golden fixtures: test/fixtures/<behaviour>/{input/, expected/, fixture.json?}. The platform
 * itself is a fixture too: its input is the repo's own docker-compose.yml + mappings/ and its
 * expected tree is the committed out/. Inputs that must fail live in test/fixtures/_errors_/.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTree, runMigrate, type MigrateOptions } from '../../src/cli/run-migrate.js';
import type { FileTree } from '../../src/emit/file-tree.js';
import { readTree } from '../../src/io.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const SHARED_DIR = join(REPO_ROOT, '..', 'shared');

export interface FixtureConfig {
  /** Compose files (default: discovery, as the CLI does). */
  file?: string[];
  profile?: string[];
  envFile?: string[];
  name?: string;
  /** Process environment for interpolation (default: empty, so results do not depend on the machine). */
  env?: Record<string, string>;
}

export interface Fixture {
  name: string;
  inputDir: string;
  expectedDir: string;
  config: FixtureConfig;
}

/** Repo files that are the platform fixture's input. */
const PLATFORM_INPUTS = ['docker-compose.yml', 'mappings', 'permify'];

export function platformFixture(): Fixture {
  return { name: 'platform', inputDir: REPO_ROOT, expectedDir: join(REPO_ROOT, 'out'), config: {} };
}

export function listFixtures(): Fixture[] {
  const fixtures = [platformFixture()];
  if (!existsSync(FIXTURES_DIR)) return fixtures;
  for (const name of readdirSync(FIXTURES_DIR).sort()) {
    if (name.startsWith('_') || !existsSync(join(FIXTURES_DIR, name, 'input'))) continue;
    const dir = join(FIXTURES_DIR, name);
    const configPath = join(dir, 'fixture.json');
    const config = existsSync(configPath) ? (JSON.parse(readFileSync(configPath, 'utf8')) as FixtureConfig) : {};
    fixtures.push({ name, inputDir: join(dir, 'input'), expectedDir: join(dir, 'expected'), config });
  }
  return fixtures;
}

export function migrateOptions(config: FixtureConfig, overrides: Partial<MigrateOptions> = {}): MigrateOptions {
  return {
    file: config.file ?? [], out: 'out', envFile: config.envFile ?? [], profile: config.profile ?? [],
    ...(config.name ? { name: config.name } : {}), check: false, format: 'text', ...overrides,
  };
}

export function generateFixture(fixture: Fixture): ReturnType<typeof buildTree> {
  return buildTree(migrateOptions(fixture.config), { cwd: fixture.inputDir, environment: fixture.config.env ?? {} });
}

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `migrate` in-process with captured output. */
export function runInProcess(cwd: string, options: MigrateOptions, env: Record<string, string> = {}, afterFile?: (path: string) => void): CapturedRun {
  const out: string[] = [];
  const err: string[] = [];
  const code = runMigrate(options, {
    cwd, environment: env, printer: { out: (l) => out.push(l), err: (l) => err.push(l), color: false },
    ...(afterFile ? { afterFile } : {}),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** A scratch copy of a fixture's input with its expected tree as out/, for --check round trips. */
export function scratchCopy(fixture: Fixture, withExpectedAsOut = true): string {
  const dir = mkdtempSync(join(tmpdir(), `c2h-${fixture.name}-`));
  if (fixture.inputDir === REPO_ROOT) {
    for (const entry of PLATFORM_INPUTS) cpSync(join(REPO_ROOT, entry), join(dir, entry), { recursive: true });
  } else {
    cpSync(fixture.inputDir, dir, { recursive: true });
  }
  if (withExpectedAsOut && existsSync(fixture.expectedDir)) cpSync(fixture.expectedDir, join(dir, 'out'), { recursive: true });
  return dir;
}

export function removeScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Rewrites a fixture's expected tree (UPDATE_GOLDEN=1); refused under CI. */
export function writeExpected(fixture: Fixture, tree: FileTree): void {
  if (process.env.CI) throw new Error('UPDATE_GOLDEN is refused under CI: golden files are reviewed output, regenerate them locally');
  rmSync(fixture.expectedDir, { recursive: true, force: true });
  for (const [path, text] of tree) {
    const target = join(fixture.expectedDir, ...path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

export function readExpected(fixture: Fixture): Map<string, string> {
  return readTree(fixture.expectedDir);
}
