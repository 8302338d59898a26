/**
 * Which mapping rules apply to a service, and the effective rule they add up to. Rules are
 * applied from least to most specific (image < labels < service glob < exact service name), and
 * in file order among equals, so a later or more specific rule wins field by field. Every field
 * remembers the rule that set it.
 */
import type { ComposeService } from '../compose/types.js';
import type { LoadedRule } from '../mappings/load-rules.js';
import type { Rule } from '../mappings/rule.js';
import type { Provenance } from '../model/project.js';

export type EffectiveRule = { [K in keyof Rule]?: { value: NonNullable<Rule[K]>; by: Provenance } };

/** Glob with `*` and `?` only, anchored, case-sensitive. */
export function globMatches(pattern: string, text: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return regex.test(text);
}

export function specificity(rule: Rule): number {
  const { service, image, labels } = rule.match;
  if (service && !/[*?]/.test(service)) return 4;
  if (service) return 3;
  if (labels) return 2;
  return image ? 1 : 0;
}

export function ruleMatches(rule: Rule, service: ComposeService): boolean {
  const { match } = rule;
  if (match.service !== undefined && !globMatches(match.service, service.name)) return false;
  if (match.image !== undefined && !(service.image && globMatches(match.image, service.image))) return false;
  if (match.labels) {
    for (const [k, v] of Object.entries(match.labels)) if (service.labels[k] !== v) return false;
  }
  return true;
}

export function ruleName(loaded: LoadedRule): string {
  if (loaded.rule.name) return loaded.rule.name;
  const { service, image, labels } = loaded.rule.match;
  return [service && `service ${service}`, image && `image ${image}`, labels && `labels ${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',')}`]
    .filter(Boolean).join(', ');
}

export function effectiveRule(service: ComposeService, rules: LoadedRule[]): EffectiveRule {
  const applicable = rules
    .filter((r) => ruleMatches(r.rule, service))
    .sort((a, b) => specificity(a.rule) - specificity(b.rule) || a.order - b.order);
  const effective: EffectiveRule = {};
  for (const loaded of applicable) {
    for (const [key, value] of Object.entries(loaded.rule) as [keyof Rule, unknown][]) {
      if (key === 'match' || key === 'name' || value === undefined) continue;
      const field = key as keyof Rule;
      const at = loaded.locate([field]);
      (effective as Record<string, unknown>)[field] = { value, by: { kind: 'rule', name: ruleName(loaded), at } };
    }
  }
  return effective;
}
