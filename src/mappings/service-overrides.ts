/**
 * Per-service rules written inside the compose file, for teams that prefer one file:
 *
 *   services:
 *     worker:
 *       x-compose2helm: { kind: CronJob, schedule: "0 3 * * *" }   # any rule field except match
 *       labels:
 *         compose2helm.kind: DaemonSet                             # or one field as a label
 *
 * Both are validated against the mapping rule schema (minus `match`) with "did you mean" hints,
 * and become rules matching exactly that service. They are the most specific rules there are, so
 * they come after every mapping file rule and win field by field; the extension wins over labels.
 */
import type { ErrorObject } from 'ajv';
import type { DiagnosticSink, SourceRef } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import type { ComposeService } from '../compose/types.js';
import type { LoadedRule } from './load-rules.js';
import type { Rule } from './rule.js';
import { byCodeUnit } from '../text/order.js';
// Precompiled from rule.ts's overrideRuleSchema by scripts/compile-schemas.mjs (no ajv compiler at start-up).
import validateGenerated from './generated/override-rule-schema-validator.js';

export const EXTENSION_KEY = 'x-compose2helm';
export const LABEL_PREFIX = 'compose2helm.';

/** Rule fields a label can set; list-valued ones take a comma-separated list. */
const LABEL_FIELDS = ['kind', 'schedule', 'hostAccess', 'secretEnv', 'configEnv'] as const;
const LIST_FIELDS = new Set<string>(['secretEnv', 'configEnv']);

/** Checks against the schema of one rule with `match` removed (overrideRuleSchema in rule.ts). */
function validate(data: unknown): ErrorObject[] {
  return validateGenerated(data) ? [] : [...(validateGenerated.errors ?? [])];
}

/** The overrides of every service, as rules ordered after `firstOrder`. */
export function serviceOverrides(services: ComposeService[], sink: DiagnosticSink, firstOrder: number): LoadedRule[] {
  const rules: LoadedRule[] = [];
  const add = (service: ComposeService, name: string, rule: Omit<Rule, 'match'>, at: SourceRef) => {
    rules.push({ rule: { ...rule, name, match: { service: service.name } }, at, locate: () => at, order: firstOrder + rules.length });
  };
  for (const service of services) {
    const fromLabels = labelRule(service, sink);
    if (fromLabels) add(service, `labels compose2helm.* of service "${service.name}"`, fromLabels, service.keys.labels ?? service.at);
    const ext = service.extension;
    if (!ext) continue;
    const problems = validate(ext.value).map((e) => describe(e, ext.value, `${EXTENSION_KEY}`));
    for (const p of problems) sink.error('MAPPING_SCHEMA', `service "${service.name}": ${p.message}`, ext.at, p.hint);
    if (problems.length === 0) add(service, `${EXTENSION_KEY} of service "${service.name}"`, ext.value as Omit<Rule, 'match'>, ext.at);
  }
  return rules;
}

function labelRule(service: ComposeService, sink: DiagnosticSink): Omit<Rule, 'match'> | undefined {
  const at = service.keys.labels ?? service.at;
  const rule: Record<string, unknown> = {};
  const labelOf = new Map<string, string>();
  for (const [label, value] of Object.entries(service.labels).sort(([a], [b]) => byCodeUnit(a, b))) {
    if (!label.startsWith(LABEL_PREFIX)) continue;
    const field = label.slice(LABEL_PREFIX.length);
    if (!(LABEL_FIELDS as readonly string[]).includes(field)) {
      const hint = didYouMean(field, LABEL_FIELDS);
      sink.error('MAPPING_SCHEMA', `service "${service.name}": unknown label "${label}"`, at,
        hint ? `did you mean "${LABEL_PREFIX}${hint}"?` : `allowed: ${LABEL_FIELDS.map((f) => LABEL_PREFIX + f).join(', ')}`);
      continue;
    }
    rule[field] = LIST_FIELDS.has(field) ? value.split(',').map((v) => v.trim()).filter(Boolean) : value;
    labelOf.set(field, label);
  }
  if (labelOf.size === 0) return undefined;
  const problems = validate(rule).map((e) => describe(e, rule, 'label'));
  for (const p of problems) {
    const field = p.field.split('.')[0] ?? '';
    sink.error('MAPPING_SCHEMA', `service "${service.name}": ${p.message.replace(/^label\.[^ ]+/, `label "${labelOf.get(field) ?? field}"`)}`, at, p.hint);
  }
  return problems.length === 0 ? rule as Omit<Rule, 'match'> : undefined;
}

/** One readable problem, with "did you mean" for unknown keys and enum values. */
function describe(error: ErrorObject, data: unknown, prefix: string): { field: string; message: string; hint?: string } {
  const path = error.instancePath.split('/').slice(1);
  const field = path.join('.');
  const subject = [prefix, field].filter(Boolean).join('.');
  if (error.keyword === 'additionalProperties') {
    const key = String(error.params.additionalProperty);
    const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    const hint = didYouMean(key, allowed);
    return { field, message: `unknown key "${[subject, key].join('.')}"`, hint: hint ? `did you mean "${hint}"?` : `allowed: ${allowed.join(', ')}` };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params.allowedValues as string[]) ?? [];
    const value = String(path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], data));
    const hint = didYouMean(value, allowed);
    return { field, message: `${subject} "${value}" is not one of ${allowed.join(', ')}`, ...(hint ? { hint: `did you mean "${hint}"?` } : {}) };
  }
  return { field, message: `${subject || prefix} ${error.message ?? 'is invalid'}` };
}
