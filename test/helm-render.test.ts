/**
 * Every golden chart goes through real Helm: `helm lint --strict` and `helm template` with
 * values.yaml (production: secrets from an existing Secret) and with values-dev.yaml, and every
 * rendered document through the Kubernetes schema checks. skaffold.yaml goes through the
 * Skaffold v4beta11 schema.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helmLint, helmTemplate, withDependencyStandIns } from './support/helm.js';
import { validateManifests } from './support/kube-validate.js';
import { listFixtures } from './support/fixtures.js';
import { validateSkaffold } from '../src/emit/validate-skaffold.js';

/** Production renders provide the secrets the way an operator would: an existing Secret. */
export function prodArgs(chartDir: string): string[] {
  const values = readFileSync(join(chartDir, 'values.yaml'), 'utf8');
  return /^secrets:/m.test(values) ? ['secrets.existingSecret=operator-managed-secrets'] : [];
}

describe.each(listFixtures().map((f) => [f.name, f] as const))('helm %s', (_name, fixture) => {
  const chartDir = join(fixture.expectedDir, 'chart');

  it('lints strictly and renders valid manifests with prod and dev values', () => {
    expect(existsSync(chartDir)).toBe(true);
    const chart = withDependencyStandIns(chartDir);
    try {
      const lintDev = helmLint(chart, [join(chart, 'values-dev.yaml')]);
      expect(lintDev.stdout + lintDev.stderr, 'helm lint --strict (dev)').not.toMatch(/\[(ERROR|WARNING)\]/);
      expect(lintDev.code).toBe(0);
      for (const [label, opts] of [
        ['prod', { set: prodArgs(chart) }],
        ['dev', { valuesFiles: [join(chart, 'values-dev.yaml')] }],
      ] as const) {
        const rendered = helmTemplate(chart, opts);
        expect(rendered.stderr, `helm template (${label})`).toBe('');
        expect(rendered.code).toBe(0);
        expect(rendered.stdout).toMatch(/^kind: /m);
        expect(validateManifests(rendered.stdout), `schema problems (${label})`).toEqual([]);
      }
    } finally {
      rmSync(chart, { recursive: true, force: true });
    }
  });

  it('has a skaffold.yaml that passes the v4beta11 schema', () => {
    const text = readFileSync(join(fixture.expectedDir, 'skaffold.yaml'), 'utf8');
    expect(validateSkaffold(text)).toEqual([]);
  });
});
