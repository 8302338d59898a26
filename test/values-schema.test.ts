/**
 * values.schema.json makes Helm itself refuse a wrong type or a misspelled key at install time,
 * and the overrides a user is meant to make still render. Runs the real Helm binary against the
 * committed platform chart (out/chart), with the PostgreSQL dependency stood in.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { helmInstallDryRun, helmTemplate, withDependencyStandIns } from './support/helm.js';
import { REPO_ROOT } from './support/fixtures.js';

const PROD = ['secrets.existingSecret=operator-managed-secrets'];
let chart = '';
beforeAll(() => { chart = withDependencyStandIns(join(REPO_ROOT, 'out', 'chart')); });
afterAll(() => rmSync(chart, { recursive: true, force: true }));

function kinds(manifests: string): string[] {
  return parseAllDocuments(manifests).map((d) => d.toJS() as { kind?: string; metadata?: { name?: string } } | null)
    .filter((d) => d?.kind).map((d) => `${d!.kind}/${d!.metadata?.name ?? ''}`);
}

describe('values.schema.json through helm template', () => {
  it.each([
    ['a wrong type', 'controlPlane.replicaCount=two', "at '/controlPlane/replicaCount': got string, want integer"],
    ['a misspelled key', 'controlPlane.replicaCout=2', "at '/controlPlane': additional properties 'replicaCout' not allowed"],
    ['a key the workload kind does not have (DaemonSet replicas)', 'agent.replicas=2', "at '/agent': additional properties 'replicas' not allowed"],
    ['a negative replica count', 'permify.replicaCount=-1', '/permify/replicaCount'],
    ['an unknown service type', 'permify.service.type=Nodeport', '/permify/service/type'],
    ['an unknown top-level key', 'controlplane.enabled=false', "additional properties 'controlplane' not allowed"],
  ])('refuses %s', (_label, set, message) => {
    const r = helmTemplate(chart, { set: [...PROD, set] });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("values don't meet the specifications of the schema(s)");
    expect(r.stderr).toContain(message);
  });

  it('renders the overrides a user is meant to make', () => {
    const r = helmTemplate(chart, {
      set: [...PROD, 'controlPlane.replicaCount=3', 'permify.service.type=LoadBalancer', 'ovnNbDb.persistence.ovnNbData.storageClass=fast',
        'controlPlane.podSecurityContext.runAsNonRoot=true', 'controlPlane.serviceAccount.automount=true', 'networkPolicy.enabled=false'],
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rendered = kinds(r.stdout);
    // replicaCount > 1 brings a PodDisruptionBudget; the policies go when disabled.
    expect(rendered).toContain('PodDisruptionBudget/release-cloudplatform-control-plane');
    expect(rendered.filter((k) => k.startsWith('PodDisruptionBudget/'))).toHaveLength(1);
    expect(rendered.filter((k) => k.startsWith('NetworkPolicy/'))).toEqual([]);
    expect(r.stdout).toContain('storageClassName: "fast"');
    expect(r.stdout).toMatch(/runAsNonRoot: true\n\s+seccompProfile:/);
  });

  it('renders the production defaults with one NetworkPolicy and ServiceAccount per pod workload and no PDB', () => {
    const r = helmTemplate(chart, { set: PROD });
    expect(r.code).toBe(0);
    const rendered = kinds(r.stdout);
    expect(rendered.filter((k) => k.startsWith('PodDisruptionBudget/'))).toEqual([]);
    // openvswitch runs on the host network, which NetworkPolicy does not govern.
    expect(rendered.filter((k) => k.startsWith('NetworkPolicy/')).sort()).toEqual([
      'agent', 'control-plane', 'migrate', 'ovn-nb-db', 'ovn-northd', 'ovn-sb-db', 'permify',
    ].map((n) => `NetworkPolicy/release-cloudplatform-${n}`));
    expect(rendered.filter((k) => k.startsWith('ServiceAccount/'))).toHaveLength(8);
    expect(r.stdout).not.toMatch(/automountServiceAccountToken: true/);
  });
});

describe('NOTES.txt through helm install --dry-run=client', () => {
  it('tells how to reach each exposed service, by service type', () => {
    const prod = helmInstallDryRun(chart, { set: PROD });
    expect(prod.code).toBe(0);
    const notes = prod.stdout.slice(prod.stdout.indexOf('NOTES:'));
    expect(notes).toContain('kubectl port-forward -n default svc/release-cloudplatform-control-plane 8080:8080');
    expect(notes).toContain('kubectl port-forward -n default svc/release-cloudplatform-permify 3476:3476 3478:3478');
    expect(notes).toContain('Secrets come from the Secret operator-managed-secrets');
    expect(notes).toContain('NetworkPolicies allow only the connections the compose file implies');

    const dev = helmInstallDryRun(chart, { valuesFiles: [join(chart, 'values-dev.yaml')] });
    expect(dev.code).toBe(0);
    const devNotes = dev.stdout.slice(dev.stdout.indexOf('NOTES:'));
    // permify publishes its ports in compose: NodePort in dev.
    expect(devNotes).toMatch(/permify \(3476, 3478\):\n\s+kubectl get svc -n default release-cloudplatform-permify -o jsonpath=.*nodePort/);
    expect(devNotes).toContain('Secrets come from the Secret release-secrets');
  });
});
