/**
 * Secret-leak guard: known secret values are planted in every place an input can carry one —
 * `environment:`, an `env_file`, `.env` interpolation, a URL with a password, a compose
 * `secrets:` file, a mapping rule's `secretEnv` — and every output is scanned for them: every
 * file written to out/, stdout and stderr in all three formats, and the `--check` diff after a
 * secret changed (where the *old* value sits in out/ and is no longer an input).
 *
 * The one place a planted value may appear is chart/values-dev.yaml, under `secrets:`: it holds
 * the development credentials docker compose would use (that is what lets `skaffold dev` start
 * the stack), whichever input they came from. Production values, templates, skaffold.yaml, the
 * report and everything printed hold none of them.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree } from '../src/io.js';
import { migrateOptions, runInProcess, type CapturedRun } from './support/fixtures.js';

const PLANTED = {
  environment: 'Pl4nted-env-7f3a9c',
  url: 'Pl4nted-url-2b8d41',
  envFile: 'Pl4nted-envfile-91ce07',
  dotenv: 'Pl4nted-dotenv-5e62af',
  rule: 'Pl4nted-rule-c0ffee',
  secretFile: 'Pl4nted-secretfile-4d4d4d',
};
/**
 * Dev example credentials: each must reach values-dev.yaml (proof the plant was read). The compose
 * secret file may land there too (when compose secrets are mounted) but nowhere else.
 */
const DEV_CREDENTIALS = [PLANTED.environment, PLANTED.url, PLANTED.envFile, PLANTED.dotenv, PLANTED.rule];
const CHANGED = 'Pl4nted-changed-0a1b2c';

const COMPOSE = `services:
  api:
    image: example/api:1.0
    env_file: [api.env]
    environment:
      DB_PASSWORD: "${PLANTED.environment}"
      DATABASE_URL: "postgres://app:${PLANTED.url}@db:5432/app"
      SESSION_SECRET: "\${SESSION_FROM_DOTENV}"
      CUSTOM_SETTING: "${PLANTED.rule}"
      LOG_LEVEL: info
    secrets: [db_pass]
    ports: ["8080:8080"]
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: "${PLANTED.environment}"
    volumes: [pgdata:/var/lib/postgresql/data]
volumes:
  pgdata: {}
secrets:
  db_pass:
    file: ./db_pass.txt
`;

let dir: string;
const mentions = (text: string, values: string[]) => values.filter((v) => text.includes(v));
const ALL = Object.values(PLANTED);


function run(overrides: Parameters<typeof migrateOptions>[1] = {}): CapturedRun {
  return runInProcess(dir, migrateOptions({}, overrides), {});
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'c2h-secret-leak-'));
  writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
  writeFileSync(join(dir, 'api.env'), `API_TOKEN=${PLANTED.envFile}\n`);
  writeFileSync(join(dir, '.env'), `SESSION_FROM_DOTENV=${PLANTED.dotenv}\n`);
  writeFileSync(join(dir, 'db_pass.txt'), `${PLANTED.secretFile}\n`);
  mkdirSync(join(dir, 'mappings'));
  writeFileSync(join(dir, 'mappings', 'rules.yaml'), 'rules:\n  - match: { service: api }\n    secretEnv: [CUSTOM_SETTING]\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('secret-leak guard', () => {
  it('writes planted values only into chart/values-dev.yaml, and prints none of them', () => {
    const first = run();
    expect(first.code, first.stderr).toBe(0);
    expect(mentions(first.stdout + first.stderr, ALL)).toEqual([]);

    const out = readTree(join(dir, 'out'));
    expect(out.size).toBeGreaterThan(5);
    const leaks = [...out].filter(([path]) => path !== 'chart/values-dev.yaml').flatMap(([path, text]) => mentions(text, ALL).map((v) => `${path}: ${v}`));
    expect(leaks).toEqual([]);
    // The plant worked: every dev credential was read and sits in values-dev.yaml …
    const dev = out.get('chart/values-dev.yaml') ?? '';
    expect(mentions(dev, DEV_CREDENTIALS)).toEqual(DEV_CREDENTIALS);
    // … under secrets: only — the part above it is the header, the part after it other values.
    const secretsBlock = /^secrets:\n((?: {2}.*\n|\n(?= ))*)/m.exec(dev)?.[1] ?? '';
    expect(mentions(secretsBlock, DEV_CREDENTIALS)).toEqual(DEV_CREDENTIALS);
    expect(mentions(dev.replace(secretsBlock, ''), ALL)).toEqual([]);
  });

  it.each(['json', 'github'] as const)('prints none of them with --format %s, writing or checking', (format) => {
    const written = run({ format });
    expect(written.code, written.stdout).toBe(0);
    const checked = run({ format, check: true });
    expect(checked.code, checked.stdout).toBe(0);
    expect(mentions(written.stdout + written.stderr + checked.stdout + checked.stderr, ALL)).toEqual([]);
  });

  it('masks both the old and the new value in the --check diff after a secret changed', () => {
    expect(run().code).toBe(0);
    writeFileSync(join(dir, 'compose.yaml'), COMPOSE.replace(`DB_PASSWORD: "${PLANTED.environment}"`, `DB_PASSWORD: "${CHANGED}"`));
    try {
      for (const format of ['text', 'json', 'github'] as const) {
        const check = run({ check: true, format });
        expect(check.code, `${format}: drift`).toBe(1);
        const printed = check.stdout + check.stderr;
        if (format === 'text') expect(printed).toContain('values-dev.yaml');
        expect(mentions(printed, [...ALL, CHANGED]), format).toEqual([]);
      }
    } finally {
      writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
    }
  });

  it('masks a secret that is no longer an input in the --check diff', () => {
    // The value is only in the committed out/ now (values-dev.yaml's secrets: block), so the
    // current inputs cannot teach the masker about it.
    expect(run().code).toBe(0);
    writeFileSync(join(dir, 'compose.yaml'), COMPOSE.replace('      SESSION_SECRET: "${SESSION_FROM_DOTENV}"\n', ''));
    try {
      for (const format of ['text', 'json', 'github'] as const) {
        const check = run({ check: true, format });
        expect(check.code, `${format}: drift`).toBe(1);
        const printed = check.stdout + check.stderr;
        if (format === 'text') expect(printed).toMatch(/^-\s+sessionSecret: \*\*\*$/m);
        expect(mentions(printed, ALL), format).toEqual([]);
      }
    } finally {
      writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
    }
  });

  it('masks secret values in error messages too', () => {
    // An interpolation error quoting the line must not echo a secret from the same service.
    writeFileSync(join(dir, 'compose.yaml'), `${COMPOSE.replace('LOG_LEVEL: info', 'LOG_LEVEL: "${LEVEL:?set LEVEL}"')}`);
    try {
      const refused = run();
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('LEVEL');
      expect(mentions(refused.stdout + refused.stderr, ALL)).toEqual([]);
      expect(readFileSync(join(dir, 'out', 'chart', 'values.yaml'), 'utf8')).not.toContain(PLANTED.environment);
    } finally {
      writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
    }
  });
});
