/**
 * The validation rules of the user's design (data-model.md), checked on every run against the
 * translated project. Where the design says "must" a violation is an error (exit 2); where the
 * rule rests on a guess it cannot be sure of, a warning. Each error is positioned at the compose
 * or mapping line that caused it, so the user knows what to change. Each rule yields
 * passed / warning / error for the report.
 *
 * Several rules are guaranteed by construction today (translate makes names DNS labels, volume
 * names unique, dedupes ports, defaults resource limits); they are still checked, because the
 * chart's correctness must not rest on every future change to translate remembering them.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import { quantityToBytes, quantityToMillis } from '../compose/units.js';
import type { Position, Project, Provenance, Workload } from '../model/project.js';

export interface SeedRuleResult {
  rule: string;
  status: 'passed' | 'warning' | 'error';
  detail: string;
}

interface Problem {
  message: string;
  at?: Position | undefined;
  hint?: string;
}

/** One rule of the design: its wording (for the report and README), severity and check. */
export interface SeedRule {
  rule: string;
  severity: 'error' | 'warning';
  /** The design's sentence it enforces. */
  seed: string;
  /** `keyAt` positions a problem at the service key that caused it. */
  check: (project: Project, keyAt: KeyAt) => Problem[];
  passed: (project: Project) => string;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DATABASE_IMAGE = /(^|\/)(postgres|postgresql|mysql|mariadb|mongo|mongodb|redis|valkey|etcd|cockroach|clickhouse|elasticsearch|opensearch|cassandra|influxdb|spicedb)([:@/-]|$)/i;

/** Where a service writes the first of `keys` that translate noted a position for. */
export type KeyAt = (service: string, ...keys: string[]) => Position | undefined;

/**
 * Positions of the compose keys of each service, from the notes translate made for them (the
 * first positioned note of a service and key wins), indexed once: searching project.notes per
 * lookup made the checks quadratic in the number of services.
 */
function keyLocator(project: Project): KeyAt {
  const index = new Map<string, Map<string, Position>>();
  for (const note of project.notes) {
    if (note.service === undefined || !note.at) continue;
    let own = index.get(note.service);
    if (!own) index.set(note.service, (own = new Map()));
    if (!own.has(note.key)) own.set(note.key, note.at);
  }
  return (service, ...keys) => {
    const own = index.get(service);
    for (const key of keys) {
      const at = own?.get(key);
      if (at) return at;
    }
    return undefined;
  };
}

function atOf(p: Provenance): Position | undefined {
  return p.at;
}

/** Where a resource decision came from, for the hint: a mapping rule, compose, or our default. */
function resourcesSource(w: Workload): string {
  const by = w.resources.by;
  return by.kind === 'rule' ? `mapping rule "${by.name}"` : by.kind === 'compose' ? `compose ${by.key}` : 'the built-in defaults';
}

export const SEED_RULES: SeedRule[] = [
  {
    rule: 'Chart version follows semantic versioning',
    severity: 'error',
    seed: 'Chart version must follow semantic versioning',
    check: (p) => (SEMVER.test(p.chart.version) ? [] : [{ message: `chart version "${p.chart.version}" is not a semantic version (MAJOR.MINOR.PATCH)` }]),
    passed: (p) => `version ${p.chart.version}`,
  },
  {
    rule: 'Every workload has resource limits',
    severity: 'error',
    seed: 'All services must have resource limits defined',
    check: (p) => p.workloads.flatMap((w) => (['prod', 'dev'] as const).flatMap((env) => {
      const missing = (['cpu', 'memory'] as const).filter((r) => !w.resources[env].limits[r]);
      return missing.map((r) => ({ message: `service "${w.service}": ${env} resources have no ${r === 'cpu' ? 'CPU' : 'memory'} limit`, at: atOf(w.resources.by) }));
    })),
    passed: (p) => `${p.workloads.length} workloads have CPU and memory limits in prod and dev`,
  },
  {
    rule: 'Limits are at least the requests (memory and CPU)',
    severity: 'error',
    seed: 'Memory limits must be >= resource requests',
    check: (p) => p.workloads.flatMap((w) => (['prod', 'dev'] as const).flatMap((env) => {
      const r = w.resources[env];
      const problems: Problem[] = [];
      const compare = (what: 'memory' | 'CPU', limit: string | undefined, request: string | undefined, parse: (q: string) => number | undefined) => {
        const l = limit !== undefined ? parse(limit) : undefined;
        const q = request !== undefined ? parse(request) : undefined;
        if (l !== undefined && q !== undefined && l < q) {
          problems.push({
            message: `service "${w.service}": ${env} ${what} limit ${limit} is below the request ${request}`,
            at: atOf(w.resources.by),
            hint: `raise the limit or lower the request in ${resourcesSource(w)}`,
          });
        }
      };
      compare('memory', r.limits.memory, r.requests.memory, quantityToBytes);
      compare('CPU', r.limits.cpu, r.requests.cpu, quantityToMillis);
      return problems;
    })),
    passed: () => 'every limit ≥ its request',
  },
  {
    rule: 'Port numbers are unique within a service',
    severity: 'error',
    seed: 'Port numbers must be unique within service',
    check: (p, keyAt) => p.workloads.flatMap((w) => {
      const numbers = new Set<string>();
      const names = new Set<string>();
      const problems: Problem[] = [];
      for (const port of w.ports) {
        const key = `${port.port}/${port.protocol}`;
        if (numbers.has(key)) problems.push({ message: `service "${w.service}": port ${key} is declared twice`, at: keyAt(w.service, 'ports', 'expose') });
        else if (names.has(port.name)) problems.push({ message: `service "${w.service}": two ports are named "${port.name}"`, at: keyAt(w.service, 'ports', 'expose') });
        numbers.add(key);
        names.add(port.name);
      }
      return problems;
    }),
    passed: () => 'no service declares a port number or name twice',
  },
  {
    rule: 'Host-network services do not claim the same port',
    severity: 'error',
    seed: 'Service ports must not conflict',
    check: (p, keyAt) => {
      // Pods on the host network share the node's ports: two of them on one port cannot share a node.
      const owners = new Map<string, string>();
      const problems: Problem[] = [];
      for (const w of p.workloads.filter((x) => x.security.hostNetwork)) {
        for (const port of w.ports) {
          const key = `${port.targetPort}/${port.protocol}`;
          const owner = owners.get(key);
          if (owner !== undefined) problems.push({ message: `service "${w.service}": port ${key} on the host network is also used by service "${owner}"`, at: keyAt(w.service, 'ports', 'expose', 'network_mode'), hint: 'two host-network pods cannot bind one port on the same node; move one of them to another port' });
          else owners.set(key, w.service);
        }
      }
      return problems;
    },
    passed: () => 'no two host-network services bind the same node port',
  },
  {
    rule: 'Names follow DNS naming conventions',
    severity: 'error',
    seed: 'Service names must follow DNS naming conventions',
    check: (p, keyAt) => p.workloads.flatMap((w) => [
      ...(valid(w.name) ? [] : [{ message: `service "${w.service}": name "${w.name}" is not a DNS-1123 label`, at: atOf(w.kindBy) }]),
      ...w.volumes.filter((v) => !valid(v.name)).map((v) => ({ message: `service "${w.service}": volume name "${v.name}" is not a DNS-1123 label`, at: atOf(v.by) })),
      ...w.ports.filter((port) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(port.name) || port.name.length > 15)
        .map((port) => ({ message: `service "${w.service}": port name "${port.name}" is not an IANA service name`, at: keyAt(w.service, 'ports', 'expose') })),
    ]),
    passed: () => 'every workload, port and volume name is a DNS label',
  },
  {
    rule: 'Volume names are unique within a pod',
    severity: 'error',
    seed: 'Volume names must be unique within pod specification',
    check: (p) => p.workloads.flatMap((w) => {
      const seen = new Set<string>();
      return w.volumes.filter((v) => { const d = seen.has(v.name); seen.add(v.name); return d; })
        .map((v) => ({ message: `service "${w.service}": volume name "${v.name}" is used twice`, at: atOf(v.by) }));
    }),
    passed: () => 'no pod has two volumes of one name',
  },
  {
    rule: 'Resource names are unique within the namespace',
    severity: 'error',
    seed: 'Resource names must be unique within namespace',
    check: (p, keyAt) => {
      const owners = new Map<string, { service: string; shares: string[] }>();
      const problems: Problem[] = [];
      const claim = (resource: string, w: Workload, at: Position | undefined, shares: string[] = []) => {
        const owner = owners.get(resource);
        if (owner === undefined) { owners.set(resource, { service: w.service, shares }); return; }
        if (owner.service === w.service || owner.shares.includes(w.service)) return;
        problems.push({ message: `service "${w.service}": ${resource} is also generated for service "${owner.service}"`, at, hint: 'rename one of the services or volumes' });
      };
      for (const w of p.workloads) {
        claim(`${w.kind}/${w.name}`, w, atOf(w.kindBy));
        if (w.ports.length > 0 && !w.security.hostNetwork) {
          claim(`Service/${w.name}`, w, keyAt(w.service, 'ports', 'expose'));
          if (w.kind === 'StatefulSet') claim(`Service/${w.name}-headless`, w, keyAt(w.service, 'ports', 'expose'));
        }
        if (w.env.some((e) => e.source === 'config')) claim(`ConfigMap/${w.name}`, w, keyAt(w.service, 'environment'));
        for (const v of w.volumes) {
          if (v.type === 'configFile') claim(`ConfigMap/${v.configMap}`, w, atOf(v.by));
          if (v.type === 'claim') claim(`PersistentVolumeClaim/${v.claim}`, w, atOf(v.by), v.sharedWith);
        }
      }
      return problems;
    },
    passed: () => 'every generated resource name is distinct',
  },
  {
    // The design says "must", but which services are databases is a guess from the image name,
    // and a cache (redis) may rightly keep nothing: a warning, which the report lists.
    rule: 'Database services have persistent storage',
    severity: 'warning',
    seed: 'Database services must specify persistent volume requirements',
    check: (p, keyAt) => p.workloads
      .filter((w) => DATABASE_IMAGE.test(w.image.repository) && w.kind !== 'Job' && w.kind !== 'CronJob')
      .filter((w) => !w.volumes.some((v) => v.type === 'claim' || v.type === 'claimTemplate' || v.type === 'hostPath'))
      .map((w) => ({
        message: `service "${w.service}" looks like a database (${w.image.repository}) but keeps no data in a named volume; its data is lost whenever the pod restarts`,
        at: keyAt(w.service, 'image') ?? atOf(w.kindBy),
        hint: 'mount a named volume at its data directory',
      })),
    passed: () => 'every database keeps its data in a persistent volume',
  },
  {
    rule: 'Services that need host access declare it',
    severity: 'error',
    seed: 'Network services must declare required host permissions',
    check: (p, keyAt) => p.workloads
      .filter((w) => (w.security.privileged || w.security.hostNetwork || w.security.hostPID || w.volumes.some((v) => v.type === 'hostPath')) && !w.security.hostAccess)
      .map((w) => {
        const what = [w.security.privileged && 'privileged', w.security.hostNetwork && 'the host network', w.security.hostPID && 'the host PID namespace', w.volumes.some((v) => v.type === 'hostPath') && 'host paths']
          .filter((x): x is string => typeof x === 'string');
        return {
          message: `service "${w.service}" needs ${what.length > 1 ? `${what.slice(0, -1).join(', ')} and ${what[what.length - 1]}` : what[0]}, but no mapping rule declares why`,
          at: keyAt(w.service, 'privileged', 'network_mode', 'pid', 'volumes'),
          hint: `add a mapping rule for "${w.service}" with hostAccess: <the reason>`,
        };
      }),
    passed: () => 'every workload with host access is declared by a rule or inference',
  },
];

function valid(name: string): boolean {
  return DNS_1123_LABEL.test(name) && name.length <= 63;
}

export function validateSeedRules(project: Project, sink: DiagnosticSink): SeedRuleResult[] {
  const keyAt = keyLocator(project);
  return SEED_RULES.map((rule) => {
    const problems = rule.check(project, keyAt);
    for (const p of problems) {
      if (rule.severity === 'error') sink.error('SEED_RULE', p.message, p.at, p.hint);
      else sink.warning('SEED_RULE', p.message, p.at, p.hint);
    }
    return {
      rule: rule.rule,
      status: problems.length === 0 ? 'passed' : rule.severity,
      detail: problems.length > 0 ? problems.map((p) => p.message).join('; ') : rule.passed(project),
    };
  });
}
