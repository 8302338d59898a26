/**
 * depends_on → init containers. Kubernetes has no start ordering, so each condition becomes a wait:
 * - service_started / service_healthy on a workload with a Service: wait until its Service port
 *   accepts a TCP connection. A ClusterIP Service only routes to *ready* pods, so this is also a
 *   wait for readiness (the translated healthcheck) — service_healthy's meaning.
 * - a dependency replaced by the PostgreSQL subchart: `pg_isready` against it, the protocol check
 *   compose's own healthcheck runs.
 * - service_completed_successfully on a Job: the Job is a Helm hook (post-install, pre-upgrade,
 *   deleted and recreated before each run), and dependents get no init container. Considered and
 *   rejected: a plain Job plus an init container running `kubectl wait --for=condition=complete`.
 *   It needs an API token and a Role in every dependent pod (the chart mounts no tokens), a kubectl
 *   image, and a Job whose pod template is immutable, so every upgrade that changes its image
 *   would fail unless the Job is renamed per revision. The hook avoids all three and, on upgrade,
 *   runs the Job (a migration) before the new version rolls out, which is what compose's order
 *   means. Its cost, stated in the report: on the first install the hook runs after the other
 *   resources, so with `helm install --wait` a dependent that cannot become ready before the Job
 *   has run holds the install until it times out — install without --wait, or let readiness not
 *   depend on the Job's work.
 * - a dependency with no port (host-network agents): nothing to wait on; the report says so.
 */
import type { ComposeProject, ComposeService } from '../compose/types.js';
import { kubernetesName } from '../compose/check-references.js';
import type { DependencyWait, Project } from '../model/project.js';
import { translatePorts } from './translate-ports.js';
import { serviceNamed } from './project-index.js';

/** `project.dependencies` must already hold every service replaced by a chart dependency. */
export function translateWaits(service: ComposeService, compose: ComposeProject, project: Project): DependencyWait[] {
  const waits: DependencyWait[] = [];
  for (const dep of service.dependsOn) {
    const target = serviceNamed(compose, dep.service);
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
