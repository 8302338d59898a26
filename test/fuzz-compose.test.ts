/**
 * Property-based tests: generated compose projects — valid and invalid service names, ports,
 * environments with secret-looking names, volumes, depends_on graphs (cycles and self-edges
 * included), healthchecks, builds — either convert to a chart that real Helm accepts
 * (`helm lint --strict`, `helm template` with prod and dev values, Kubernetes schema checks), or
 * are refused with positioned errors. Never an exception.
 *
 * The pipeline runs in-process on an in-memory project. Runs are bounded so the file stays well
 * under a minute on a shared machine: FUZZ_RUNS (default 150) for the cheap property, a sixth of
 * that (at least 12) for the Helm-backed one. On failure fast-check prints the seed and the
 * shrunk counterexample; replay with FUZZ_SEED=<seed> (and FUZZ_PATH=<path>).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generate, type PipelineInput } from '../src/pipeline.js';
import { helmLint, helmTemplate, withDependencyStandIns } from './support/helm.js';
import { validateManifests } from './support/kube-validate.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const HELM_RUNS = Math.max(12, Math.round(RUNS / 6));
const replay = {
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
  ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
};

// ---- generators ------------------------------------------------------------------------------

// Words YAML 1.1 reads as booleans or null are valid service names too, and must stay strings.
const validName = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?$/) },
  { weight: 1, arbitrary: fc.constantFrom('y', 'n', 'yes', 'no', 'on', 'off', 'true', 'null') },
);
const hostileName = fc.constantFrom('..', 'a/b', 'a/../../x', 'Web_App', 'api.v1', 'api_v1', '9lives', 'x'.repeat(45), '-lead', 'trail-');
/** `hostile`: mix in values that must be refused; without it almost every project should convert. */
const serviceName = (hostile: boolean) => (hostile ? fc.oneof({ weight: 9, arbitrary: validName }, { weight: 1, arbitrary: hostileName }) : validName);

const port = (hostile: boolean) => fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 65535 }).map(String) },
  { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 1024, max: 65535 }), fc.integer({ min: 1, max: 65535 })).map(([h, c]) => `${h}:${c}`) },
  { weight: 2, arbitrary: fc.constantFrom('127.0.0.1:8080:80', '53:53/udp', '9000-9001:9000-9001', '8080-8081:80-81') },
  { weight: hostile ? 1 : 0, arbitrary: fc.constantFrom('0', '70000', 'abc', '8000-8002:80-81') },
  { weight: 1, arbitrary: fc.record({ target: fc.integer({ min: hostile ? 0 : 1, max: hostile ? 70000 : 65535 }), published: fc.integer({ min: 1, max: 65535 }), protocol: fc.constantFrom('tcp', 'udp') }) },
);

const envName = fc.constantFrom('DB_PASSWORD', 'API_TOKEN', 'SECRET_KEY', 'LOG_LEVEL', 'PORT', 'DATABASE_URL', 'FEATURE_FLAG', 'ALLOW_EMPTY_PASSWORD', 'NODE_ENV', 'HOME_DIR');
const envValue = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_.:\/@-]{0,20}$/),
  fc.constantFrom('postgres://app:pa55word@db:5432/app', '{{ .Values.evil }}', 'debug', 'yes', '"quoted"', "it's", '$$HOME', 'a b c', '', 'true', '8080'),
);

const volume = fc.constantFrom('data:/data', 'data:/var/lib/data:ro', '/var/run/docker.sock:/var/run/docker.sock', './conf:/etc/conf:ro', '/tmp', 'cache:/cache');
const pick = <T>(hostile: boolean, valid: T[], invalid: T[]) => fc.constantFrom(...valid, ...(hostile ? invalid : []));
const healthcheck = (hostile: boolean) => fc.record({
  test: pick(hostile, [['CMD', 'true'], ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], 'pg_isready', ['NONE']], [['BOGUS']]),
  interval: pick(hostile, ['10s', '1m30s', '500ms', '5s', '0'], ['10 s', 'soon']),
  retries: pick(hostile, [3, 0], [-1]),
}, { requiredKeys: ['test'] });

interface ServiceDraft {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  ports?: unknown[];
  environment?: Record<string, string>;
  volumes?: string[];
  dependsOnIndexes?: number[];
  dependsOnLongForm?: boolean;
  healthcheck?: unknown;
  restart?: string;
  mem_limit?: string;
}

const serviceDraft = (hostile: boolean): fc.Arbitrary<ServiceDraft> => fc.record({
  image: fc.constantFrom('nginx:1.27', 'postgres:16', 'redis:7', 'busybox:1.36', 'example/app:1.0', 'ghcr.io/acme/api'),
  build: fc.constantFrom('.', { context: '.', dockerfile: 'Dockerfile' }),
  ports: fc.array(port(hostile), { maxLength: 3 }),
  environment: fc.dictionary(envName, envValue, { maxKeys: 4 }),
  volumes: fc.uniqueArray(volume, { maxLength: 2 }),
  dependsOnIndexes: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
  dependsOnLongForm: fc.boolean(),
  healthcheck: healthcheck(hostile),
  restart: fc.constantFrom('no', 'always', 'on-failure', 'unless-stopped'),
  mem_limit: pick(hostile, ['256m', '1g'], ['12 parsecs']),
}, { requiredKeys: [] });

/** A whole project: 1–4 services whose depends_on point at each other by index (cycles allowed). */
const composeProject = (hostile: boolean) => fc.array(fc.tuple(serviceName(hostile), serviceDraft(hostile)), { minLength: 1, maxLength: 4 }).map((drafts) => {
  const names = drafts.map(([name]) => name);
  const services: Record<string, unknown> = {};
  let usesNamedVolumes = false;
  drafts.forEach(([name, draft]) => {
    const { dependsOnIndexes = [], dependsOnLongForm, ...rest } = draft;
    const service: Record<string, unknown> = { ...rest };
    if (service.image === undefined && service.build === undefined) service.image = 'busybox:1.36';
    const deps = [...new Set(dependsOnIndexes.filter((i) => i < names.length).map((i) => names[i]!))];
    if (deps.length > 0) {
      service.depends_on = dependsOnLongForm
        ? Object.fromEntries(deps.map((d, i) => [d, { condition: i === 0 ? 'service_healthy' : 'service_started' }]))
        : deps;
    }
    if ((draft.volumes ?? []).some((v) => /^(data|cache):/.test(v))) usesNamedVolumes = true;
    services[name] = service;
  });
  const compose: Record<string, unknown> = { services };
  if (usesNamedVolumes) compose.volumes = { data: {}, cache: {} };
  return stringify(compose);
});

// ---- running ---------------------------------------------------------------------------------

function runPipeline(composeText: string): ReturnType<typeof generate> {
  const files: Record<string, string> = { 'compose.yaml': composeText, Dockerfile: 'FROM busybox\n', 'conf/app.conf': 'key = value\n' };
  const input: PipelineInput = {
    composeFiles: ['compose.yaml'], envFiles: [], environment: {}, profiles: [], projectName: 'fuzz', mappingFiles: [], outDir: 'out',
    readFile: (path) => files[path],
    listDir: (path) => (path === 'conf' ? ['app.conf'] : undefined),
  };
  return generate(input);
}

/** The outcome must be exactly one of: a tree and no errors, or errors that all carry a position. */
function checkOutcome(composeText: string, result: ReturnType<typeof generate>): void {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (result.tree === undefined) {
    expect(errors.length, `refused without an error:\n${composeText}`).toBeGreaterThan(0);
    const unpositioned = errors.filter((d) => d.at === undefined).map((d) => d.message);
    expect(unpositioned, `errors without a position:\n${composeText}`).toEqual([]);
    return;
  }
  expect(errors.map((d) => d.message), composeText).toEqual([]);
  for (const path of result.tree.keys()) {
    // Generated file names come only from validated names: relative, normalised, plain characters.
    expect(path, composeText).toMatch(/^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._/-]+$/);
  }
}

describe('generated compose projects', () => {
  it(`convert or are refused with a position, never throw (${RUNS} runs)`, () => {
    fc.assert(fc.property(composeProject(true), (text) => {
      checkOutcome(text, runPipeline(text));
    }), { numRuns: RUNS, ...replay });
  });

  it(`that convert pass helm lint --strict, helm template (prod and dev) and the schema checks (${HELM_RUNS} runs)`, () => {
    let rendered = 0;
    // Fewer deliberately invalid values here, so most runs reach Helm (depends_on cycles stay).
    fc.assert(fc.property(composeProject(false), (text) => {
      const result = runPipeline(text);
      checkOutcome(text, result);
      if (!result.tree) return;
      rendered++;
      const dir = mkdtempSync(join(tmpdir(), 'c2h-fuzz-'));
      try {
        for (const [path, content] of result.tree) {
          mkdirSync(dirname(join(dir, path)), { recursive: true });
          writeFileSync(join(dir, path), content);
        }
        const chart = withDependencyStandIns(join(dir, 'chart'));
        const values = result.tree.get('chart/values.yaml') ?? '';
        const prodSet = /^secrets:/m.test(values) ? ['secrets.existingSecret=operator-managed'] : [];
        const lint = helmLint(chart, [join(chart, 'values-dev.yaml')]);
        expect(lint.stdout + lint.stderr, `helm lint --strict:\n${text}`).not.toMatch(/\[(ERROR|WARNING)\]/);
        expect(lint.code).toBe(0);
        for (const [label, opts] of [['prod', { set: prodSet }], ['dev', { valuesFiles: [join(chart, 'values-dev.yaml')] }]] as const) {
          const out = helmTemplate(chart, { ...opts, valuesFiles: 'valuesFiles' in opts ? [...opts.valuesFiles] : [] });
          expect(out.stderr, `helm template (${label}):\n${text}`).toBe('');
          expect(out.code).toBe(0);
          expect(validateManifests(out.stdout), `schema problems (${label}):\n${text}`).toEqual([]);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }), { numRuns: HELM_RUNS, ...replay });
    // The generators must not be so hostile that Helm is rarely reached.
    expect(rendered).toBeGreaterThanOrEqual(Math.ceil(HELM_RUNS / 3));
  });
});

describe('huge inputs', () => {
  // Speed is the benchmark's business (npm run bench); a quadratic step on values this long would
  // still show here as a test that runs into vitest's timeout instead of finishing.
  it('a 4 MB compose file with 300 services converts or is refused, without a crash', () => {
    const services: Record<string, unknown> = {};
    for (let i = 0; i < 300; i++) services[`svc-${i}`] = { image: 'busybox:1.36', environment: { PAYLOAD: 'x'.repeat(12_000), INDEX: String(i) } };
    const text = stringify({ services });
    expect(text.length).toBeGreaterThan(3_500_000);
    checkOutcome('(huge file)', runPipeline(text));
  });

  it('a deeply nested document is refused or read, not a stack overflow', () => {
    const depth = 5_000;
    const text = `services:\n  web:\n    image: nginx:1.27\n    labels:\n      deep: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    checkOutcome('(deep nesting)', runPipeline(text));
  });
});
