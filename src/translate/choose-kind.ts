/**
 * The workload kind of a service when no rule names one. In order:
 * - one-shot (`restart: "no"`/`on-failure`, `deploy.replicas: 0`, or the target of a
 *   `service_completed_successfully` dependency) → Job
 * - `deploy.mode: global`, or a host-level agent (host network or host PID together with
 *   privileged or host devices) → DaemonSet
 * - state kept in a named volume → StatefulSet
 * - otherwise → Deployment
 */
import type { ComposeProject, ComposeService } from '../compose/types.js';
import type { Provenance, WorkloadKind } from '../model/project.js';
import { firstCompletionWait } from './project-index.js';

export function inferKind(service: ComposeService, project: ComposeProject): { kind: WorkloadKind; by: Provenance } {
  const completionTarget = firstCompletionWait(project, service.name);
  if (completionTarget) {
    return { kind: 'Job', by: { kind: 'inferred', reason: `service "${completionTarget.from}" waits for it to complete (service_completed_successfully)`, at: completionTarget.dep.at } };
  }
  if (service.restart === 'no' || service.restart?.startsWith('on-failure')) {
    return { kind: 'Job', by: { kind: 'inferred', reason: `restart: "${service.restart}" means it runs once`, at: service.keys.restart ?? service.at } };
  }
  if (service.deploy.replicas === 0) {
    return { kind: 'Job', by: { kind: 'inferred', reason: 'deploy.replicas: 0 marks a one-shot task', at: service.keys.deploy ?? service.at } };
  }
  if (service.deploy.mode === 'global') {
    return { kind: 'DaemonSet', by: { kind: 'inferred', reason: 'deploy.mode: global runs one per node', at: service.keys.deploy ?? service.at } };
  }
  const hostLevel = service.networkMode === 'host' || service.pid === 'host';
  if (hostLevel && (service.privileged || service.devices.length > 0)) {
    const key = service.networkMode === 'host' ? 'network_mode' : 'pid';
    return { kind: 'DaemonSet', by: { kind: 'inferred', reason: `${key}: host with ${service.privileged ? 'privileged' : 'host devices'} is a per-host agent`, at: service.keys[key] ?? service.at } };
  }
  const named = service.volumes.find((v) => v.type === 'volume' && v.source && !project.volumes[v.source]?.external);
  if (named) {
    return { kind: 'StatefulSet', by: { kind: 'inferred', reason: 'keeps state in a named volume', at: named.at } };
  }
  return { kind: 'Deployment', by: { kind: 'inferred', reason: 'a long-running service with no host access or state', at: service.at } };
}
