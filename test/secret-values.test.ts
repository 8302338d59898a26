/**
 * Secret values stay in the Secret:
 * 1. no secret value from any fixture's inputs (the ones buildTree reports, plus values planted
 *    as `planted-…` in the inputs) appears in values.yaml, a template, skaffold.yaml or the report;
 * 2. a password inside a URL reaches the container through Kubernetes `$(VAR)` expansion, which
 *    works only in explicit env entries listed after the variable — checked on real
 *    `helm template` output of the translate-env-secrets fixture.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { generateFixture, listFixtures, FIXTURES_DIR } from './support/fixtures.js';
import { helmTemplate } from './support/helm.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Values written into fixture inputs on purpose, so the test knows secrets it did not compute. */
function plantedSecrets(inputDir: string): string[] {
  if (inputDir.startsWith(FIXTURES_DIR) === false) return [];
  const found = new Set<string>();
  for (const file of filesUnder(inputDir)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/planted-[a-z]+(?:-[a-z0-9]+)*/g)) found.add(m[0]);
  }
  return [...found];
}

/** The generated files that must never hold a secret value. */
const GUARDED = (path: string) => path === 'chart/values.yaml' || path.startsWith('chart/templates/') || path === 'skaffold.yaml'
  || path === 'MIGRATION.md' || path === 'migration-report.json';

describe('no secret value leaves the Secret', () => {
  const fixtures = listFixtures();

  it('plants secrets in at least one fixture, so the check below has something known to find', () => {
    expect(fixtures.flatMap((f) => plantedSecrets(f.inputDir)).length).toBeGreaterThan(4);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const result = generateFixture(fixture);
    expect(result.tree).toBeDefined();
    const secrets = [...new Set([...result.secretValues, ...plantedSecrets(fixture.inputDir)])].filter((s) => s.length >= 4);
    const leaks: string[] = [];
    for (const [path, text] of result.tree!) {
      if (!GUARDED(path)) continue;
      for (const secret of secrets) if (text.includes(secret)) leaks.push(`${path} contains the secret value ${JSON.stringify(secret)}`);
    }
    expect(leaks).toEqual([]);
    // values-dev.yaml is where the compose values go, so the dev profile works: prove the planted
    // ones were collected at all rather than silently dropped.
    const dev = result.tree!.get('chart/values-dev.yaml') ?? '';
    for (const planted of plantedSecrets(fixture.inputDir)) expect(dev, `${planted} in values-dev.yaml`).toContain(planted);
  });
});

describe('a password inside a URL, through real helm template', () => {
  const chart = join(FIXTURES_DIR, 'translate-env-secrets', 'expected', 'chart');
  const rendered = helmTemplate(chart, { valuesFiles: [join(chart, 'values-dev.yaml')] });
  const docs = parseAllDocuments(rendered.stdout).map((d) => d.toJS() as Record<string, any>).filter(Boolean);
  const byName = (kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata?.name === name);

  it('renders', () => {
    expect(rendered.stderr).toBe('');
    expect(rendered.code).toBe(0);
  });

  it('sets the URL as an explicit env entry after the secret variable it expands', () => {
    const container = byName('Deployment', 'release-shop-api')!.spec.template.spec.containers[0];
    const env = container.env as { name: string; value?: string; valueFrom?: { secretKeyRef?: { key: string } } }[];
    const names = env.map((e) => e.name);
    const url = env.find((e) => e.name === 'DATABASE_URL')!;
    expect(url.value).toBe('postgres://shop:$(DATABASE_URL_PASSWORD)@release-shop-db:5432/shop');
    expect(names.indexOf('DATABASE_URL')).toBeGreaterThan(names.indexOf('DATABASE_URL_PASSWORD'));
    expect(env.find((e) => e.name === 'DATABASE_URL_PASSWORD')!.valueFrom!.secretKeyRef!.key).toBe('databaseUrlPassword');
    expect(env.find((e) => e.name === 'CACHE_URL')!.value).toBe('redis://:$(CACHE_URL_PASSWORD)@release-shop-cache:6379/0');
    // The ConfigMap (envFrom, where $(VAR) is not expanded) does not hold the URLs.
    const config = byName('ConfigMap', 'release-shop-api')!.data as Record<string, string>;
    expect(Object.keys(config)).toEqual(['GREETING']);
    expect(config.GREETING).toBe('costs $(not-a-variable) nothing');
  });

  it('shares one Secret key between the URL password and the database password', () => {
    const db = byName('StatefulSet', 'release-shop-db')!.spec.template.spec.containers[0];
    const password = (db.env as { name: string; valueFrom: { secretKeyRef: { key: string } } }[]).find((e) => e.name === 'POSTGRES_PASSWORD')!;
    expect(password.valueFrom.secretKeyRef.key).toBe('databaseUrlPassword');
    // The healthcheck reads it from the environment inside sh -c.
    expect(db.readinessProbe.exec.command).toEqual(['sh', '-c', 'PGPASSWORD=${POSTGRES_PASSWORD} pg_isready -U shop']);
  });

  it('replaces a secret in command arguments with $(VAR), in this service and another', () => {
    const api = byName('Deployment', 'release-shop-api')!.spec.template.spec.containers[0];
    expect(api.args).toEqual(['serve', '--admin-token', '$(ADMIN_TOKEN)', '--port', '8080']);
    const cache = byName('Deployment', 'release-shop-cache')!.spec.template.spec.containers[0];
    expect(cache.args).toEqual(['redis-server', '--requirepass', '$(CACHE_URL_PASSWORD)']);
    expect(cache.env.map((e: { name: string }) => e.name)).toEqual(['CACHE_URL_PASSWORD']);
  });

  it('mounts compose secrets and configs at their targets with their modes', () => {
    const pod = byName('Deployment', 'release-shop-api')!.spec.template.spec;
    const secret = pod.volumes.find((v: { name: string }) => v.name === 'secret-signing-key');
    expect(secret.secret.items).toEqual([{ key: 'signingKey', path: 'signing.pem', mode: 0o400 }]);
    const config = pod.volumes.find((v: { name: string }) => v.name === 'config-app-config');
    expect(config.configMap.defaultMode).toBe(0o444);
    expect(pod.containers[0].volumeMounts).toEqual(expect.arrayContaining([
      { name: 'secret-signing-key', mountPath: '/run/secrets/signing.pem', subPath: 'signing.pem', readOnly: true },
      { name: 'config-app-config', mountPath: '/etc/shop/app.toml', subPath: 'app.toml', readOnly: true },
    ]));
    const configMap = byName('ConfigMap', 'release-shop-api-config-app-config')!.data as Record<string, string>;
    expect(configMap['app.toml']).toBe(readFileSync(join(FIXTURES_DIR, 'translate-env-secrets', 'input', 'app.toml'), 'utf8'));
  });
});

