/**
 * Walks ../shared/corpus/MANIFEST.json: every compose file marked `expect: valid` must load
 * through `loadProject` without an error, and every file marked `expect: invalid` must be
 * refused with at least one error that carries a position. New corpus files are covered
 * without touching this test.
 *
 * Files are read through a reader rooted at the corpus, so paths in diagnostics are the
 * corpus paths. kompose's fixtures need the sibling `envs` file *exported* (its test script does
 * that; compose does not read it like `.env`), so it becomes the process environment here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DiagnosticCode } from '../src/diagnostics/diagnostic.js';
import { loadProject } from '../src/compose/load-project.js';
import { parseDotenv } from '../src/compose/dotenv.js';
import { makeReader } from '../src/io.js';
import { SHARED_DIR } from './support/fixtures.js';

const CORPUS = join(SHARED_DIR, 'corpus');

interface ManifestEntry {
  path: string;
  kind: 'compose' | 'support';
  expect: 'valid' | 'invalid' | 'n/a';
  note?: string;
}

/**
 * Files the corpus README calls "not standalone": they are only valid as part of a bigger
 * project, so they are loaded the way that project loads them (the listed files, in order).
 */
const LOADED_WITH: Record<string, string[]> = {
  // Its bind source and env_file live in ../subdir: only valid through project-directory.yaml.
  'compose-go/loader/testdata/include/dir/compose.yaml': ['compose-go/loader/testdata/include/project-directory.yaml'],
  // An override fragment: service `bar` has no image of its own.
  'kompose/multiple-files/second.yaml': ['kompose/multiple-files/first.yaml', 'kompose/multiple-files/second.yaml'],
  // kompose's old overlay set: each overlay is merged over its base (services without image).
  'kompose/unused/merge-multiple-compose/dev.yml': overlay('base.yml', 'dev.yml'),
  'kompose/unused/merge-multiple-compose/compose-port-prod.yml': overlay('compose-port-base.yml', 'compose-port-prod.yml'),
  'kompose/unused/merge-multiple-compose/compose-new-service-prob.yml': overlay('compose-port-base.yml', 'compose-new-service-prob.yml'),
  // Mounts volume "firstvolume", which only other-toplevel-override.yml declares.
  'kompose/unused/merge-multiple-compose/other-toplevel-base.yml': overlay('other-toplevel-base.yml', 'other-toplevel-override.yml'),
};

function overlay(...names: string[]): string[] {
  return names.map((name) => `kompose/unused/merge-multiple-compose/${name}`);
}

/**
 * Files the MANIFEST marks valid that `docker compose config` itself refuses (compose-go's
 * consistency checks); compose2helm refuses them too, with the code given, and the test holds it.
 */
const COMPOSE_REFUSES: Record<string, { code: DiagnosticCode; why: string }> = {
  'kompose/etherpad/docker-compose-no-image.yml': { code: 'MISSING_IMAGE', why: 'service "mariadb" has neither an image nor a build context specified' },
  'kompose/unused/v3/docker-compose-deploy.yaml': { code: 'UNKNOWN_SERVICE', why: 'service "vote" depends on undefined service "redis"' },
  'kompose/unused/v3/docker-compose-full-example.yaml': { code: 'UNKNOWN_SERVICE', why: 'service "foo" depends on undefined service "db"' },
  'kompose/volume-mounts/named-volume/docker-compose.yml': { code: 'UNDEFINED_RESOURCE', why: 'service "db" refers to undefined volume db-data' },
  'kompose/volume-mounts/named-volume/docker-compose-v3.yml': { code: 'UNDEFINED_RESOURCE', why: 'service "db" refers to undefined volume db-data' },
  // compose-go only validates this file against the schema *before* interpolation; once
  // interpolated, no single value of VARIABLE fits deploy.mode, replicas, ports and durations.
  'compose-go/schema/using-variables.yaml': { code: 'INVALID_VALUE', why: 'deploy.replicas, ports, durations and sizes are all "${VARIABLE}"' },
};

const manifest = JSON.parse(readFileSync(join(CORPUS, 'MANIFEST.json'), 'utf8')) as { files: ManifestEntry[] };
const composeEntries = manifest.files.filter((f) => f.kind === 'compose');
const valid = composeEntries.filter((f) => f.expect === 'valid' && !(f.path in COMPOSE_REFUSES));
const refusedLikeCompose = composeEntries.filter((f) => f.expect === 'valid' && f.path in COMPOSE_REFUSES);
const invalid = composeEntries.filter((f) => f.expect === 'invalid');
const reader = makeReader(CORPUS);

/** The sibling `envs` file of a kompose fixture, as the environment its test script exports. */
function exportedEnvironment(path: string): Record<string, string> {
  const envs = posix.join(posix.dirname(path), 'envs');
  const text = reader.readFile(envs);
  if (text === undefined) return {};
  return Object.fromEntries(parseDotenv(text, envs, () => undefined).values);
}

function load(path: string) {
  return loadProject({
    files: LOADED_WITH[path] ?? [path],
    envFiles: [],
    environment: exportedEnvironment(path),
    profiles: [],
    readFile: reader.readFile,
  });
}

function describeErrors(result: ReturnType<typeof load>): string {
  return result.sink.errors().map((d) => `${d.at ? `${d.at.file}:${d.at.line}:${d.at.col}  ` : ''}${d.code} ${d.message}`).join('\n');
}

describe('the shared corpus', () => {
  it('is present and lists both valid and invalid compose files', () => {
    expect(existsSync(CORPUS)).toBe(true);
    expect(valid.length).toBeGreaterThan(100);
    expect(invalid.length).toBeGreaterThan(10);
  });

  it.each(valid.map((f) => [f.path]))('loads %s', (path) => {
    const result = load(path);
    expect(describeErrors(result)).toBe('');
    expect(result.project).toBeDefined();
  });

  it.each(invalid.map((f) => [f.path]))('refuses %s with a positioned error', (path) => {
    const result = load(path);
    expect(result.project).toBeUndefined();
    const positioned = result.sink.errors().filter((d) => d.at !== undefined && d.at.line >= 1 && d.at.col >= 1);
    expect(positioned.length, describeErrors(result) || 'no errors at all').toBeGreaterThan(0);
  });

  it.each(refusedLikeCompose.map((f) => [f.path, COMPOSE_REFUSES[f.path]!.code, COMPOSE_REFUSES[f.path]!.why]))(
    'refuses %s (%s) as docker compose does: %s', (path, code) => {
      const result = load(path);
      expect(result.project).toBeUndefined();
      expect(result.sink.errors().filter((d) => d.code === code && d.at !== undefined).length, describeErrors(result)).toBeGreaterThan(0);
    });

  it('counts: every compose file is either loaded or refused', () => {
    const loaded = valid.filter((f) => load(f.path).project !== undefined).length;
    const refused = [...invalid, ...refusedLikeCompose].filter((f) => load(f.path).project === undefined).length;
    // Printed so the closing note can quote it.
    console.log(`corpus: ${composeEntries.length} compose files: ${loaded} loaded, ${refused} refused (${invalid.length} marked invalid + ${refusedLikeCompose.length} marked valid that docker compose refuses too)`);
    expect(loaded).toBe(valid.length);
    expect(refused).toBe(invalid.length + refusedLikeCompose.length);
    expect(loaded + refused).toBe(composeEntries.length);
  });
});
