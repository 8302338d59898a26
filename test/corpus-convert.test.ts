/**
 * Every compose file of the shared corpus that MANIFEST.json marks "valid" (and that stands on
 * its own) converts to a chart that passes real `helm lint --strict`, `helm template` with the
 * production and the development values, and the Kubernetes schema checks. The test prints the
 * count. Files the loader refuses for reasons outside translation are listed in KNOWN_REFUSALS
 * with the reason; the test fails when one of them starts converting (so the list stays honest)
 * and when any other file is refused.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../src/cli/run-migrate.js';
import { helmLint, helmTemplate, type HelmTemplateOptions } from './support/helm.js';
import { validateManifests } from './support/kube-validate.js';
import { SHARED_DIR } from './support/fixtures.js';

const CORPUS = join(SHARED_DIR, 'corpus');

interface ManifestEntry {
  path: string;
  kind: string;
  expect: string;
  note?: string;
}

/** Not standalone (corpus README): only valid through the file that includes or extends them. */
const NOT_STANDALONE = [
  'compose-go/loader/testdata/include/dir/compose.yaml',
  'kompose/multiple-files/second.yaml',
];
const OVERLAY_FOLDER = 'kompose/unused/merge-multiple-compose/';
/** The overlay set's own bases are standalone; every other file there is an override fragment. */
const OVERLAY_BASES = ['base.yml', 'compose-port-base.yml', 'other-toplevel-base.yml', 'service-merge-concat-base.yml'];

/**
 * Refused on purpose (docker compose refuses them too, or a validation rule does) or by a loader
 * gap (issue #3). Each entry names the reason; the test asserts the refusal still happens with
 * that message, and fails when the file starts converting so the entry gets removed.
 */
const KNOWN_REFUSALS: Record<string, RegExp> = {
  // Refused by docker compose too: every field is ${VARIABLE}, and the environment is empty.
  'compose-go/schema/using-variables.yaml': /ports\[0\] "" is not a port mapping/,
  // Refused by docker compose too: services with neither image nor build.
  'kompose/etherpad/docker-compose-no-image.yml': /has neither "image" nor "build"/,
  // Refused by docker compose too: a named volume missing from top-level `volumes:`.
  'kompose/unused/merge-multiple-compose/other-toplevel-base.yml': /volume "firstvolume" is not declared/,
  'kompose/volume-mounts/named-volume/docker-compose-v3.yml': /volume "db-config" is not declared/,
  'kompose/volume-mounts/named-volume/docker-compose.yml': /volume "db-data" is not declared/,
  // Refused by docker compose too: depends_on names a service the file does not define.
  'kompose/unused/v3/docker-compose-deploy.yaml': /depends_on names unknown service "redis"/,
  'kompose/unused/v3/docker-compose-full-example.yaml': /depends_on names unknown service "db"/,
  // Seed validation (data-model.md): a privileged service needs a rule saying why.
  'kompose/security-contexts/compose.yaml': /service "dind" needs privileged, but no mapping rule declares why/,
};

function corpusFiles(): ManifestEntry[] {
  const manifest = JSON.parse(readFileSync(join(CORPUS, 'MANIFEST.json'), 'utf8')) as { files: ManifestEntry[] };
  return manifest.files.filter((f) => f.kind === 'compose' && f.expect === 'valid')
    .filter((f) => !NOT_STANDALONE.includes(f.path))
    .filter((f) => !f.path.startsWith(OVERLAY_FOLDER) || OVERLAY_BASES.includes(basename(f.path)))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** kompose's test script exports the sibling `envs` file; compose itself never reads it. */
function environmentFor(entry: ManifestEntry): Record<string, string> {
  const envs = join(CORPUS, dirname(entry.path), 'envs');
  if (!/`envs`/.test(entry.note ?? '') || !existsSync(envs)) return {};
  const env: Record<string, string> = {};
  for (const line of readFileSync(envs, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return env;
}

type Outcome = { path: string; status: 'converted' } | { path: string; status: 'refused' | 'failed'; detail: string };

function convertAndRender(entry: ManifestEntry, scratch: string): Outcome {
  const cwd = join(CORPUS, dirname(entry.path));
  const result = buildTree(
    { file: [basename(entry.path)], out: 'out', envFile: [], profile: [], check: false, format: 'text' },
    { cwd, environment: environmentFor(entry) },
  );
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.tree || errors.length > 0) {
    return { path: entry.path, status: 'refused', detail: errors.map((d) => `${d.at ? `${d.at.file}:${d.at.line}:${d.at.col} ` : ''}${d.message}`).join('; ') };
  }
  const chartDir = join(scratch, entry.path.replace(/[^A-Za-z0-9._-]+/g, '_'), 'chart');
  for (const [path, text] of result.tree) {
    if (!path.startsWith('chart/')) continue;
    const target = join(chartDir, path.slice('chart/'.length));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  const problems: string[] = [];
  const lint = helmLint(chartDir, [join(chartDir, 'values-dev.yaml')]);
  if (lint.code !== 0 || /\[(ERROR|WARNING)\]/.test(lint.stdout + lint.stderr)) problems.push(`helm lint: ${lint.stdout}${lint.stderr}`);
  const hasSecrets = /^secrets:/m.test(result.tree.get('chart/values.yaml') ?? '');
  const renders: [string, HelmTemplateOptions][] = [
    ['prod', { set: hasSecrets ? ['secrets.existingSecret=x'] : [] }],
    ['dev', { valuesFiles: [join(chartDir, 'values-dev.yaml')] }],
  ];
  for (const [label, opts] of renders) {
    const rendered = helmTemplate(chartDir, opts);
    if (rendered.code !== 0 || rendered.stderr !== '') problems.push(`helm template (${label}): ${rendered.stderr}`);
    else problems.push(...validateManifests(rendered.stdout).map((p) => `${label}: ${p}`));
  }
  return problems.length > 0 ? { path: entry.path, status: 'failed', detail: problems.join('\n') } : { path: entry.path, status: 'converted' };
}

describe('shared corpus', () => {
  it('converts every valid standalone compose file to a chart that passes helm lint, helm template and the schema checks', () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThan(100);
    const scratch = mkdtempSync(join(tmpdir(), 'c2h-corpus-'));
    const outcomes: Outcome[] = [];
    try {
      for (const entry of files) outcomes.push(convertAndRender(entry, scratch));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    const converted = outcomes.filter((o) => o.status === 'converted');
    const refused = outcomes.filter((o) => o.status === 'refused');
    // eslint-disable-next-line no-console
    console.log(`corpus: ${converted.length} converted / ${refused.length} refused / ${files.length} total`);
    for (const o of refused) console.log(`  refused ${o.path}: ${'detail' in o ? o.detail.slice(0, 160) : ''}`);
    const unexpected = outcomes.filter((o) => o.status === 'failed' || (o.status === 'refused' && !KNOWN_REFUSALS[o.path]?.test(o.detail)));
    expect(unexpected.map((o) => `${o.path}: ${'detail' in o ? o.detail : ''}`)).toEqual([]);
    const nowConverting = Object.keys(KNOWN_REFUSALS).filter((p) => converted.some((o) => o.path === p));
    expect(nowConverting, 'known refusals that convert now: remove them from KNOWN_REFUSALS').toEqual([]);
  });
});
