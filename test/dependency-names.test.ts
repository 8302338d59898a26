/**
 * Workloads reach a subchart (the platform's Bitnami PostgreSQL) by the name the subchart gives
 * its Service, and their NetworkPolicy selects its pods by its name label. Bitnami charts derive
 * both from the release name and their own `fullnameOverride` / `nameOverride`
 * (common.names.fullname, common.names.name), so the generated chart must follow the same rule:
 * rendered here with real `helm template` for each way an operator can change the name.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { helmTemplate, withDependencyStandIns } from './support/helm.js';
import { validateManifests } from './support/kube-validate.js';
import { platformFixture } from './support/fixtures.js';

const chart = withDependencyStandIns(join(platformFixture().expectedDir, 'chart'));
afterAll(() => rmSync(chart, { recursive: true, force: true }));

interface Rendered {
  /** DATABASE_HOST of every ConfigMap that has one. */
  databaseHosts: string[];
  /** The host every pg_isready init container waits for. */
  waitHosts: string[];
  /** app.kubernetes.io/name of every NetworkPolicy egress peer that selects the subchart's pods. */
  peerNames: string[];
}

function render(releaseName: string, set: string[] = []): Rendered {
  const run = helmTemplate(chart, { releaseName, valuesFiles: [join(chart, 'values-dev.yaml')], set });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(validateManifests(run.stdout)).toEqual([]);
  const docs = parseAllDocuments(run.stdout).map((d) => d.toJS() as Record<string, any> | null).filter((d) => d !== null);
  const databaseHosts = docs.filter((d) => d.kind === 'ConfigMap' && d.data?.DATABASE_HOST).map((d) => d.data.DATABASE_HOST as string);
  const waitHosts = docs.flatMap((d) => (d.spec?.template?.spec?.initContainers ?? []) as { command?: string[]; args?: string[] }[])
    .flatMap((c) => [...(c.command ?? []), ...(c.args ?? [])])
    .flatMap((line) => [...line.matchAll(/pg_isready -h "([^"]+)"/g)].map((m) => m[1]!));
  const peerNames = docs.filter((d) => d.kind === 'NetworkPolicy')
    .flatMap((d) => (d.spec.egress ?? []) as { to?: { podSelector?: { matchLabels?: Record<string, string> } }[] }[])
    .flatMap((rule) => rule.to ?? [])
    .map((peer) => peer.podSelector?.matchLabels ?? {})
    .filter((labels) => labels['app.kubernetes.io/instance'] === releaseName && labels['app.kubernetes.io/component'] === undefined)
    .map((labels) => labels['app.kubernetes.io/name']!);
  return { databaseHosts, waitHosts, peerNames };
}

/** Every reference names `host`, and there are references of each kind (the test would pass vacuously otherwise). */
function expectAllPointAt(rendered: Rendered, host: string, podName: string): void {
  expect(rendered.databaseHosts.length).toBeGreaterThan(0);
  expect(rendered.waitHosts.length).toBeGreaterThan(0);
  expect(rendered.peerNames.length).toBeGreaterThan(0);
  expect(new Set(rendered.databaseHosts)).toEqual(new Set([host]));
  expect(new Set(rendered.waitHosts)).toEqual(new Set([host]));
  expect(new Set(rendered.peerNames)).toEqual(new Set([podName]));
}

describe('names of the PostgreSQL subchart', () => {
  it('are "<release>-postgresql" by default', () => {
    expectAllPointAt(render('cloud'), 'cloud-postgresql', 'postgresql');
  });

  it('are the release name alone when it already contains "postgresql", as Bitnami names them', () => {
    expectAllPointAt(render('cloud-postgresql'), 'cloud-postgresql', 'postgresql');
  });

  it('follow the subchart\'s fullnameOverride', () => {
    expectAllPointAt(render('cloud', ['postgresql.fullnameOverride=main-db']), 'main-db', 'postgresql');
  });

  it('follow the subchart\'s nameOverride, in the Service name and the pods\' name label', () => {
    expectAllPointAt(render('cloud', ['postgresql.nameOverride=pg']), 'cloud-pg', 'pg');
  });

  it('are not changed by the parent chart\'s own name overrides', () => {
    expectAllPointAt(render('cloud', ['fullnameOverride=platform', 'nameOverride=cp']), 'cloud-postgresql', 'postgresql');
  });
});
