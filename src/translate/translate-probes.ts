/**
 * healthcheck → probes. CMD → exec, CMD-SHELL → `sh -c`; interval/timeout/retries →
 * period/timeout/failureThreshold. Readiness and liveness both use the check (compose restarts
 * an unhealthy container only with an orchestrator, but traffic routing needs readiness), and
 * start_period becomes a startupProbe so slow starts are not killed.
 */
import type { ComposeService } from '../compose/types.js';
import type { Probe, Probes } from '../model/project.js';

export function translateProbes(service: ComposeService): Probes | undefined {
  const check = service.healthcheck;
  if (!check || check.kind === 'none') return undefined;
  const command = check.kind === 'exec' ? check.command : ['sh', '-c', check.command.join(' ')];
  const probe: Probe = { kind: 'exec', command };
  if (check.intervalSeconds !== undefined) probe.periodSeconds = Math.max(1, Math.round(check.intervalSeconds));
  if (check.timeoutSeconds !== undefined) probe.timeoutSeconds = Math.max(1, Math.round(check.timeoutSeconds));
  if (check.retries !== undefined) probe.failureThreshold = Math.max(1, check.retries);
  const probes: Probes = {
    readiness: { ...probe },
    liveness: { ...probe },
    by: { kind: 'compose', key: 'healthcheck', at: check.at },
  };
  if (check.startPeriodSeconds !== undefined && check.startPeriodSeconds > 0) {
    const period = probe.periodSeconds ?? 10;
    probes.startup = { ...probe, periodSeconds: period, failureThreshold: Math.max(1, Math.ceil(check.startPeriodSeconds / period)) };
  }
  return probes;
}
