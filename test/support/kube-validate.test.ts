import { describe, it, expect } from 'vitest';
import { stringify } from 'yaml';
import { validateManifests } from './kube-validate.js';

// A minimal Deployment the API server would accept; each test breaks one thing.
function deployment(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              imagePullPolicy: 'IfNotPresent',
              ports: [{ containerPort: 80, name: 'http' }],
              env: [{ name: 'MODE', value: 'prod' }],
              resources: { limits: { memory: '256Mi', cpu: '500m' } },
              readinessProbe: { httpGet: { path: '/', port: 'http' } },
            },
          ],
        },
      },
    },
  };
}
// Serialise as YAML 1.1 (quoting y/yes/on…) like Helm's Go YAML does; 1.2 output would leave them bare.
const yamlOf = (...docs: unknown[]) =>
  docs.map((d) => `---\n# Source: chart/templates/x.yaml\n${stringify(d, { version: '1.1' })}`).join('');

describe('validateManifests', () => {
  it('accepts a valid Deployment and Service, skipping empty documents', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] },
    };
    expect(validateManifests(`---\n# only a comment\n${yamlOf(deployment(), svc)}---\n`)).toEqual([]);
  });

  it('reports a misspelled field with its path', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    expect(validateManifests(yamlOf(d))).toEqual([
      expect.stringMatching(/^Deployment\/web: spec\.template\.spec\.containers\[0\]\.imagePullPolicyy: unknown field/),
    ]);
  });

  it('reports a missing required field (container without name)', () => {
    const d = deployment();
    delete d.spec.template.spec.containers[0].name;
    expect(validateManifests(yamlOf(d))).toEqual([
      'Deployment/web: spec.template.spec.containers[0]: missing required field "name"',
    ]);
  });

  it('reports a wrong type (replicas: "two")', () => {
    const d = deployment();
    d.spec.replicas = 'two';
    expect(validateManifests(yamlOf(d))).toEqual(['Deployment/web: spec.replicas: must be integer']);
  });

  it('reports an enum value outside the allowed set', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
    const [p, ...rest] = validateManifests(yamlOf(d));
    expect(rest).toEqual([]);
    expect(p).toMatch(/^Deployment\/web: spec\.template\.spec\.containers\[0\]\.imagePullPolicy: .*allowed values.*IfNotPresent/);
  });

  it('reports a bad quantity once per path', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].resources.limits.memory = '12XB';
    const problems = validateManifests(yamlOf(d));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('resources.limits.memory: ');
  });

  it('reads YAML 1.1 like Kubernetes: an unquoted yes is a boolean, not a string', () => {
    const text = yamlOf(deployment()).replace('value: prod', 'value: yes');
    expect(validateManifests(text)).toEqual(['Deployment/web: spec.template.spec.containers[0].env[0].value: must be string']);
  });

  it('reports unknown kinds, missing names and unparsable documents', () => {
    const problems = validateManifests(
      yamlOf({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }, { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } }) +
        '---\nkey: [unclosed\n',
    );
    expect(problems).toEqual([
      'Widget/w: unknown apiVersion/kind example.com/v1 Widget',
      'ConfigMap/<no name>: metadata.name: missing required field "name"',
      expect.stringMatching(/^<unparsed>\/document-2: /),
    ]);
  });

  it('walks maps and arrays of objects (RoleBinding subjects, labels keys with dots)', () => {
    const rb = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'rb', annotations: { 'example.com/x': 'y' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
      subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'ns', extra: true }],
    };
    expect(validateManifests(yamlOf(rb))).toEqual([expect.stringMatching(/^RoleBinding\/rb: subjects\[0\]\.extra: unknown field/)]);
  });
});
