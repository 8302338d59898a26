/**
 * One case per seed validation rule: a project that breaks it, and the exact message, severity
 * and position. Rules that inputs can break are also covered end to end by the
 * test/fixtures/_errors_/seed-* fixtures (errors) and by the pipeline cases below (warnings);
 * rules that translate guarantees by construction are broken here on the model directly.
 */
import { describe, expect, it } from 'vitest';
import { DiagnosticSink, formatDiagnostic } from '../src/diagnostics/diagnostic.js';
import type { Project, Workload } from '../src/model/project.js';
import { SEED_RULES, validateSeedRules } from '../src/translate/validate-seed.js';
import { generate } from '../src/pipeline.js';

const AT = { file: 'compose.yaml', line: 3, col: 5 };

function workload(over: Partial<Workload> = {}): Workload {
  return {
    service: 'api', name: 'api', valuesKey: 'api', kind: 'Deployment', kindBy: { kind: 'inferred', reason: 'default', at: AT },
    replicas: 1, image: { repository: 'example/api', tag: '1.0.0', built: false }, env: [],
    ports: [{ name: 'tcp-8080', port: 8080, targetPort: 8080, protocol: 'TCP', published: false }],
    waits: [], volumes: [], persistence: [],
    security: { privileged: false, capAdd: [], capDrop: [], readOnlyRootFilesystem: false, hostNetwork: false, hostPID: false, sysctls: [] },
    resources: {
      prod: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      dev: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '256Mi' } },
      by: { kind: 'rule', name: 'api sizing', at: { file: 'mappings/rules.yaml', line: 7, col: 5 } },
    },
    hostAliases: [], labels: {}, logLevelVars: [],
    ...over,
  };
}

function project(workloads: Workload[], over: Partial<Project> = {}): Project {
  return {
    chart: { name: 'shop', version: '0.1.0', appVersion: '1.0.0', description: 'shop' },
    workloads, dependencies: [], secrets: [], builds: [], rewrites: [], edges: [],
    notes: [
      { service: 'api', key: 'ports', status: 'translated', message: 'ports', at: { file: 'compose.yaml', line: 6, col: 7 } },
      { service: 'api', key: 'image', status: 'translated', message: 'image', at: { file: 'compose.yaml', line: 4, col: 12 } },
      { service: 'api', key: 'privileged', status: 'translated', message: 'privileged', at: { file: 'compose.yaml', line: 9, col: 17 } },
    ],
    ...over,
  };
}

function run(p: Project): { lines: string[]; statuses: Record<string, string> } {
  const sink = new DiagnosticSink();
  const results = validateSeedRules(p, sink);
  return { lines: sink.items.map(formatDiagnostic), statuses: Object.fromEntries(results.map((r) => [r.rule, r.status])) };
}

const volume = { mountPath: '/data', readOnly: false, by: { kind: 'compose' as const, key: 'volumes', at: { file: 'compose.yaml', line: 8, col: 9 } } };

describe('seed validation rules', () => {
  it('passes a valid project on every rule', () => {
    const { lines, statuses } = run(project([workload()]));
    expect(lines).toEqual([]);
    expect(Object.values(statuses)).toEqual(SEED_RULES.map(() => 'passed'));
  });

  it.each<[string, Project, string]>([
    ['Chart version follows semantic versioning',
      project([workload()], { chart: { name: 'shop', version: '1.0', appVersion: '1', description: '' } }),
      'error: chart version "1.0" is not a semantic version (MAJOR.MINOR.PATCH)'],
    ['Every workload has resource limits',
      project([workload({ resources: { ...workload().resources, prod: { requests: { cpu: '100m' }, limits: { cpu: '500m' } } } })]),
      'mappings/rules.yaml:7:5  error: service "api": prod resources have no memory limit'],
    ['Limits are at least the requests (memory and CPU)',
      project([workload({ resources: { ...workload().resources, dev: { requests: { cpu: '1', memory: '64Mi' }, limits: { cpu: '250m', memory: '256Mi' } } } })]),
      'mappings/rules.yaml:7:5  error: service "api": dev CPU limit 250m is below the request 1 (raise the limit or lower the request in mapping rule "api sizing")'],
    ['Port numbers are unique within a service',
      project([workload({ ports: [...workload().ports, { name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP', published: true }] })]),
      'compose.yaml:6:7  error: service "api": port 8080/TCP is declared twice'],
    ['Host-network services do not claim the same port',
      project([
        workload({ security: { ...workload().security, hostNetwork: true, hostAccess: { reason: 'metrics', by: { kind: 'inferred', reason: 'x' } } } }),
        workload({ service: 'api2', name: 'api2', valuesKey: 'api2', security: { ...workload().security, hostNetwork: true, hostAccess: { reason: 'metrics', by: { kind: 'inferred', reason: 'x' } } } }),
      ]),
      'error: service "api2": port 8080/TCP on the host network is also used by service "api" (two host-network pods cannot bind one port on the same node; move one of them to another port)'],
    ['Names follow DNS naming conventions',
      project([workload({ volumes: [{ type: 'emptyDir', name: 'Cache_Dir', ...volume }] })]),
      'compose.yaml:8:9  error: service "api": volume name "Cache_Dir" is not a DNS-1123 label'],
    ['Volume names are unique within a pod',
      project([workload({ volumes: [{ type: 'emptyDir', name: 'cache', ...volume }, { type: 'emptyDir', name: 'cache', ...volume }] })]),
      'compose.yaml:8:9  error: service "api": volume name "cache" is used twice'],
    ['Resource names are unique within the namespace',
      project([
        workload({ volumes: [{ type: 'claim', name: 'data', claim: 'app-data', sharedWith: [], ...volume }] }),
        workload({ service: 'worker', name: 'worker', valuesKey: 'worker', ports: [], volumes: [{ type: 'claim', name: 'data', claim: 'app-data', sharedWith: [], ...volume }] }),
      ]),
      'compose.yaml:8:9  error: service "worker": PersistentVolumeClaim/app-data is also generated for service "api" (rename one of the services or volumes)'],
    ['Database services have persistent storage',
      project([workload({ image: { repository: 'postgres', tag: '16', built: false } })]),
      'compose.yaml:4:12  warning: service "api" looks like a database (postgres) but keeps no data in a named volume; its data is lost whenever the pod restarts (mount a named volume at its data directory)'],
    ['Services that need host access declare it',
      project([workload({ security: { ...workload().security, privileged: true } })]),
      'compose.yaml:9:17  error: service "api" needs privileged, but no mapping rule declares why (add a mapping rule for "api" with hostAccess: <the reason>)'],
  ])('%s: reports the breaking input', (rule, p, message) => {
    const { lines, statuses } = run(p);
    expect(lines).toEqual([message]);
    const severity = SEED_RULES.find((r) => r.rule === rule)!.severity;
    expect(statuses[rule]).toBe(severity);
    expect(message).toContain(`${severity}: `);
  });

  it('has one case above per rule', () => {
    expect(SEED_RULES.map((r) => r.rule)).toHaveLength(10);
  });

  it('does not count a claim that compose shares between services as a collision', () => {
    const shared = project([
      workload({ volumes: [{ type: 'claim', name: 'data', claim: 'app-data', sharedWith: ['worker'], ...volume }] }),
      workload({ service: 'worker', name: 'worker', valuesKey: 'worker', ports: [], volumes: [{ type: 'claim', name: 'data', claim: 'app-data', sharedWith: ['api'], ...volume }] }),
    ]);
    expect(run(shared).lines).toEqual([]);
  });
});

describe('seed warnings through the pipeline', () => {
  it('warns, positioned at the image line, about a database without a volume, and still generates the chart', () => {
    const files: Record<string, string> = {
      'compose.yaml': 'name: shop\nservices:\n  cache:\n    image: redis:7.4\n    expose:\n      - "6379"\n',
    };
    const result = generate({
      composeFiles: ['compose.yaml'], envFiles: [], environment: {}, profiles: [], mappingFiles: [], outDir: 'out',
      readFile: (path) => files[path], listDir: () => undefined,
    });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'compose.yaml:4:12  warning: service "cache" looks like a database (redis) but keeps no data in a named volume; its data is lost whenever the pod restarts (mount a named volume at its data directory)',
    ]);
    expect(result.tree?.has('chart/Chart.yaml')).toBe(true);
  });
});

describe('README', () => {
  it('lists every seed rule with its severity', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Validation rules'), readme.indexOf('## Development'));
    const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| rule') && !l.startsWith('| ---'));
    for (const rule of SEED_RULES) {
      const row = rows.find((r) => r.toLowerCase().includes(rule.seed.toLowerCase().split(' must ')[1]!.slice(0, 20)));
      expect(row, rule.seed).toBeDefined();
      expect(row!.split('|')[2]!.trim().startsWith(rule.severity), rule.seed).toBe(true);
    }
  });
});
