/**
 * The validation rules of the user's design (data-model.md), checked on every run against the
 * translated project. Each rule yields passed / warning / error for the report; errors also go to
 * the sink (exit 2) positioned at the compose or mapping line that caused them.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import { quantityToBytes, quantityToMillis } from '../compose/units.js';
import type { Position, Project, Provenance } from '../model/project.js';

export interface SeedRuleResult {
  rule: string;
  status: 'passed' | 'warning' | 'error';
  detail: string;
}

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DATABASE_IMAGE = /(^|\/)(postgres|postgresql|mysql|mariadb|mongo|mongodb|redis|valkey|etcd|cockroach|clickhouse|elasticsearch|opensearch|cassandra|influxdb|spicedb)([:@/-]|$)/i;

function atOf(p: Provenance): Position | undefined {
  return p.at;
}

export function validateSeedRules(project: Project, sink: DiagnosticSink): SeedRuleResult[] {
  const results: SeedRuleResult[] = [];
  const rule = (name: string, problems: { message: string; at?: Position; severity: 'error' | 'warning' }[], okDetail: string) => {
    for (const p of problems) {
      if (p.severity === 'error') sink.error('SEED_RULE', p.message, p.at);
      else sink.warning('SEED_RULE', p.message, p.at);
    }
    const worst = problems.some((p) => p.severity === 'error') ? 'error' : problems.length > 0 ? 'warning' : 'passed';
    results.push({ rule: name, status: worst, detail: problems.length > 0 ? problems.map((p) => p.message).join('; ') : okDetail });
  };

  rule('Chart version follows semantic versioning', /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(project.chart.version) ? [] : [{ message: `chart version "${project.chart.version}" is not semver`, severity: 'error' }], `version ${project.chart.version}`);

  rule('Every workload has resource limits', project.workloads.flatMap((w) => {
    const problems: { message: string; at?: Position; severity: 'error' }[] = [];
    for (const [env, r] of [['prod', w.resources.prod], ['dev', w.resources.dev]] as const) {
      if (!r.limits.cpu || !r.limits.memory) problems.push({ message: `service "${w.service}": ${env} resources have no ${!r.limits.cpu ? 'CPU' : 'memory'} limit`, at: atOf(w.resources.by), severity: 'error' });
    }
    return problems;
  }), `${project.workloads.length} workloads have CPU and memory limits in prod and dev`);

  rule('Limits are at least the requests (memory and CPU)', project.workloads.flatMap((w) => {
    const problems: { message: string; at?: Position; severity: 'error' }[] = [];
    for (const [env, r] of [['prod', w.resources.prod], ['dev', w.resources.dev]] as const) {
      const memReq = r.requests.memory ? quantityToBytes(r.requests.memory) : undefined;
      const memLim = r.limits.memory ? quantityToBytes(r.limits.memory) : undefined;
      if (memReq !== undefined && memLim !== undefined && memLim < memReq) problems.push({ message: `service "${w.service}": ${env} memory limit ${r.limits.memory} is below the request ${r.requests.memory}`, at: atOf(w.resources.by), severity: 'error' });
      const cpuReq = r.requests.cpu ? quantityToMillis(r.requests.cpu) : undefined;
      const cpuLim = r.limits.cpu ? quantityToMillis(r.limits.cpu) : undefined;
      if (cpuReq !== undefined && cpuLim !== undefined && cpuLim < cpuReq) problems.push({ message: `service "${w.service}": ${env} CPU limit ${r.limits.cpu} is below the request ${r.requests.cpu}`, at: atOf(w.resources.by), severity: 'error' });
    }
    return problems;
  }), 'every limit ≥ its request');

  rule('Port numbers are unique within a service', project.workloads.flatMap((w) => {
    const seen = new Set<string>();
    const dup = w.ports.filter((p) => { const k = `${p.port}/${p.protocol}`; const d = seen.has(k); seen.add(k); return d; });
    const names = new Set<string>();
    const dupNames = w.ports.filter((p) => { const d = names.has(p.name); names.add(p.name); return d; });
    return [...dup, ...dupNames].map((p) => ({ message: `service "${w.service}": port ${p.port}/${p.protocol} is declared twice`, severity: 'error' as const }));
  }), 'no service declares a port twice');

  rule('Names follow DNS naming conventions', project.workloads.flatMap((w) => [w.name, ...w.volumes.map((v) => v.name)]
    .filter((n) => !DNS_1123_LABEL.test(n) || n.length > 63)
    .map((n) => ({ message: `name "${n}" is not a DNS-1123 label`, severity: 'error' as const }))), 'every workload, port and volume name is a DNS label');

  rule('Volume names are unique within a pod', project.workloads.flatMap((w) => {
    const seen = new Set<string>();
    return w.volumes.filter((v) => { const d = seen.has(v.name); seen.add(v.name); return d; })
      .map((v) => ({ message: `service "${w.service}": volume name "${v.name}" is used twice`, severity: 'error' as const }));
  }), 'no pod has two volumes of one name');

  const names = new Map<string, string>();
  const collisions: { message: string; severity: 'error' }[] = [];
  for (const w of project.workloads) {
    for (const resource of [`${w.kind}/${w.name}`, `Service/${w.name}`, `ConfigMap/${w.name}`, ...w.volumes.filter((v) => v.type === 'configFile').map((v) => `ConfigMap/${v.type === 'configFile' ? v.configMap : ''}`)]) {
      const owner = names.get(resource);
      if (owner !== undefined && owner !== w.service) collisions.push({ message: `${resource} is generated for both "${owner}" and "${w.service}"`, severity: 'error' });
      names.set(resource, w.service);
    }
  }
  rule('Resource names are unique within the namespace', collisions, 'every generated resource name is distinct');

  rule('Database services have persistent storage', project.workloads
    .filter((w) => DATABASE_IMAGE.test(w.image.repository) && w.kind !== 'Job' && w.kind !== 'CronJob')
    .filter((w) => !w.volumes.some((v) => v.type === 'claim' || v.type === 'claimTemplate' || v.type === 'hostPath'))
    .map((w) => ({ message: `service "${w.service}" looks like a database (${w.image.repository}) but keeps no data in a volume; its data is lost with the pod`, at: atOf(w.kindBy), severity: 'warning' as const })),
    'every database keeps its data in a persistent volume');

  rule('Network services declare required host permissions', project.workloads
    .filter((w) => (w.security.privileged || w.security.hostNetwork || w.security.hostPID || w.volumes.some((v) => v.type === 'hostPath')) && !w.security.hostAccess)
    .map((w) => ({ message: `service "${w.service}" needs host access (privileged, host network or host paths) that no rule or inference declares`, at: atOf(w.kindBy), severity: 'warning' as const })),
    'every workload with host access is declared by a rule or inference');

  return results;
}
