/**
 * depends_on → init containers. Kubernetes has no start ordering, so each condition becomes a wait:
 * - service_started / service_healthy on a workload with a Service: wait until its Service port
 *   accepts a TCP connection. A ClusterIP Service only routes to *ready* pods, so this is also a
 *   wait for readiness (the translated healthcheck) — service_healthy's meaning.
 * - a dependency replaced by the PostgreSQL subchart: `pg_isready` against it, the protocol check
 *   compose's own healthcheck runs.
 * - service_completed_successfully on a Job: the Job is a Helm hook, run before the upgrade
 *   rolls out and after install; the report says so.
 * - a dependency with no port (host-network agents): nothing to wait on; the report says so.
 */
import type { ComposeProject, ComposeService } from '../compose/types.js';
import { kubernetesName } from '../compose/check-references.js';
import type { DependencyWait, Project } from '../model/project.js';
import { translatePorts } from './translate-ports.js';

/** `project.dependencies` must already hold every service replaced by a chart dependency. */
export function translateWaits(service: ComposeService, compose: ComposeProject, project: Project): DependencyWait[] {
  const waits: DependencyWait[] = [];
  for (const dep of service.dependsOn) {
    const target = compose.services.find((s) => s.name === dep.service);
    if (!target) continue;
    const by = { kind: 'compose' as const, key: `depends_on.${dep.service}`, at: dep.at };
    const base = { service: dep.service, condition: dep.condition, by };
    const replaced = project.dependencies.find((d) => d.service === dep.service);
    if (replaced) {
      const usesPg = replaced.chart === 'postgresql' || target.healthcheck?.command.join(' ').includes('pg_isready');
      waits.push({ ...base, method: usesPg ? 'pg_isready' : 'tcp', host: replaced.serviceName, port: replaced.port });
      continue;
    }
    if (dep.condition === 'service_completed_successfully') {
      waits.push({ ...base, method: 'hook-order', host: '' });
      continue;
    }
    const port = translatePorts(target).find((p) => p.protocol === 'TCP');
    if (!port || target.networkMode === 'host') {
      waits.push({ ...base, method: 'none', host: '' });
      continue;
    }
    waits.push({ ...base, method: 'tcp', host: `{{ include "${compose.name}.fullname" $ }}-${kubernetesName(target.name)}`, port: port.port });
  }
  return waits;
}
