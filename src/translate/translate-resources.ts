/**
 * Resources for prod and dev. The seed demands limits on every workload, so when compose sets
 * none the built-in defaults (or a rule) supply them; dev gets lower ones for faster starts.
 */
import type { ComposeService } from '../compose/types.js';
import { bytesToQuantity, millisToQuantity, quantityToBytes, quantityToMillis } from '../compose/units.js';
import type { Provenance, ResourceAmounts, Resources } from '../model/project.js';
import type { EffectiveRule } from './match-rules.js';

export const DEFAULT_PROD: Resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } };
export const DEFAULT_DEV: Resources = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '256Mi' } };

export function translateResources(service: ComposeService, eff: EffectiveRule): { prod: Resources; dev: Resources; by: Provenance } {
  const { limits, reservations } = service.deploy;
  if (eff.resources) {
    const rule = eff.resources.value;
    return {
      prod: merge(DEFAULT_PROD, rule.prod),
      dev: merge(DEFAULT_DEV, rule.dev),
      by: eff.resources.by,
    };
  }
  if (limits || reservations) {
    const prod = reconcile(DEFAULT_PROD, amounts(reservations ?? limits), amounts(limits ?? reservations));
    const dev = reconcile(DEFAULT_DEV, amounts(reservations ?? limits, 2), amounts(limits ?? reservations, 2));
    return { prod, dev, by: { kind: 'compose', key: 'deploy.resources', at: service.keys.deploy ?? service.keys.mem_limit ?? service.at } };
  }
  return {
    prod: structuredClone(DEFAULT_PROD),
    dev: structuredClone(DEFAULT_DEV),
    by: { kind: 'inferred', reason: 'compose sets no resources; the seed requires limits, so built-in defaults apply' },
  };
}

function amounts(a: { cpuMillis?: number; memoryBytes?: number } | undefined, divisor = 1): { cpu?: string; memory?: string } {
  const out: { cpu?: string; memory?: string } = {};
  if (a?.cpuMillis !== undefined) out.cpu = millisToQuantity(Math.max(10, Math.round(a.cpuMillis / divisor)));
  if (a?.memoryBytes !== undefined) out.memory = bytesToQuantity(Math.max(4 * 1024 * 1024, Math.round(a.memoryBytes / divisor / 1048576) * 1048576));
  return out;
}

/**
 * Compose amounts on top of the defaults, keeping every request ≤ its limit (Kubernetes rejects
 * the pod otherwise). A compose limit below a default request lowers the request (`memory: 50M`
 * with no reservation); a compose reservation above a default limit raises the limit.
 */
function reconcile(base: Resources, requested: ResourceAmounts, limited: ResourceAmounts): Resources {
  const out: Resources = { requests: { ...base.requests, ...requested }, limits: { ...base.limits, ...limited } };
  for (const [field, measure] of [['cpu', quantityToMillis], ['memory', quantityToBytes]] as const) {
    const request = out.requests[field];
    const limit = out.limits[field];
    if (request === undefined || limit === undefined) continue;
    const r = measure(request);
    const l = measure(limit);
    if (r === undefined || l === undefined || r <= l) continue;
    if (limited[field] !== undefined) out.requests[field] = limit;
    else out.limits[field] = request;
  }
  return out;
}

function merge(base: Resources, over: { requests?: { cpu?: string; memory?: string }; limits?: { cpu?: string; memory?: string } } | undefined): Resources {
  return {
    requests: { ...base.requests, ...over?.requests },
    limits: { ...base.limits, ...over?.limits },
  };
}
