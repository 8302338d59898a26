/**
 * The optional Ingress of a published service: absent by default (production is ClusterIP, as
 * the design says), and a valid networking.k8s.io/v1 Ingress to the service's Service and port
 * when values turn it on — checked with real helm template and the Kubernetes schemas.
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

function ingresses(set: string[]): Record<string, any>[] {
  const run = helmTemplate(chart, { valuesFiles: [join(chart, 'values-dev.yaml')], set });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(validateManifests(run.stdout)).toEqual([]);
  return parseAllDocuments(run.stdout).map((d) => d.toJS()).filter((d) => d?.kind === 'Ingress');
}

describe('ingress', () => {
  it('is off by default', () => {
    expect(ingresses([])).toEqual([]);
  });

  it('routes the host to the published port of the Service, with TLS and a class when set', () => {
    const [ingress, ...rest] = ingresses([
      'controlPlane.ingress.enabled=true', 'controlPlane.ingress.host=cloud.example.com',
      'controlPlane.ingress.tlsSecretName=cloud-tls', 'controlPlane.ingress.className=nginx',
    ]);
    expect(rest).toEqual([]);
    expect(ingress!.metadata.name).toBe('release-cloudplatform-control-plane');
    expect(ingress!.spec.ingressClassName).toBe('nginx');
    expect(ingress!.spec.tls).toEqual([{ secretName: 'cloud-tls', hosts: ['cloud.example.com'] }]);
    expect(ingress!.spec.rules).toEqual([{
      host: 'cloud.example.com',
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'release-cloudplatform-control-plane', port: { number: 8080 } } } }] },
    }]);
  });

  it('is not offered for services compose does not publish', () => {
    const run = helmTemplate(chart, { valuesFiles: [join(chart, 'values-dev.yaml')], set: ['ovnNbDb.ingress.enabled=true'] });
    // values.schema.json closes ovnNbDb: Helm itself refuses the unknown key.
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/ovnNbDb.*additional properties 'ingress' not allowed/s);
  });
});
