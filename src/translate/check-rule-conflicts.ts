/**
 * Mapping rules that contradict each other. "Later or more specific wins" settles most overlaps
 * (an override file refining a shared one), but some combinations can only be a mistake, and
 * picking one silently would hide it:
 * - one rule that replaces the service by a chart `dependency` and also shapes its workload
 *   (`kind`, `schedule`, `resources`, …): there is no workload left to shape;
 * - a `schedule` on a rule whose `kind` is not CronJob;
 * - two equally specific rules in the same file giving one service different kinds (neither is
 *   the refinement of the other);
 * - a `dependency` from one rule and a `kind` from another for the same service;
 * - a variable listed in `secretEnv` by one rule and in `configEnv` by another.
 * Each is reported once, at the later rule, naming the line of the other.
 */
import type { DiagnosticSink, SourceRef } from '../diagnostics/diagnostic.js';
import type { ComposeService } from '../compose/types.js';
import type { LoadedRule } from '../mappings/load-rules.js';
import type { Rule } from '../mappings/rule.js';
import { ruleMatches, ruleName, specificity } from './match-rules.js';

/** Fields that describe the workload a `dependency` rule removes. */
const WORKLOAD_FIELDS = ['kind', 'schedule', 'hostAccess', 'resources', 'persistence'] as const satisfies readonly (keyof Rule)[];

const where = (at: SourceRef) => `${at.file}:${at.line}:${at.col}`;

export function checkRuleConflicts(services: ComposeService[], rules: LoadedRule[], sink: DiagnosticSink): void {
  for (const loaded of rules) checkOneRule(loaded, sink);
  const reported = new Set<string>();
  const once = (key: string, report: () => void) => {
    if (reported.has(key)) return;
    reported.add(key);
    report();
  };
  for (const service of services) {
    const applicable = rules.filter((r) => ruleMatches(r.rule, service)).sort((a, b) => a.order - b.order);
    const subject = `service "${service.name}"`;
    for (const [i, later] of applicable.entries()) {
      for (const earlier of applicable.slice(0, i)) {
        const a = earlier.rule;
        const b = later.rule;
        if (a.kind && b.kind && a.kind !== b.kind && earlier.at.file === later.at.file && specificity(a) === specificity(b)) {
          once(`kind:${earlier.order}:${later.order}`, () => sink.error('MAPPING_CONFLICT',
            `${subject}: rule ${label(later)} says kind ${b.kind} but the equally specific rule ${label(earlier)} (${where(earlier.locate(['kind']))}) says ${a.kind}`,
            later.locate(['kind']), 'remove one, or make one rule more specific: an exact service name beats a glob'));
        }
        for (const [dep, other] of [[earlier, later], [later, earlier]] as const) {
          if (dep.rule.dependency && other.rule.kind) {
            once(`dep:${dep.order}:${other.order}`, () => sink.error('MAPPING_CONFLICT',
              `${subject}: rule ${label(other)} sets kind ${other.rule.kind!} but rule ${label(dep)} (${where(dep.locate(['dependency']))}) replaces the service by the chart "${dep.rule.dependency!.chart}"`,
              other.locate(['kind']), 'a service replaced by a chart dependency has no workload; drop one of the two rules'));
          }
          for (const name of dep.rule.secretEnv ?? []) {
            if (!(other.rule.configEnv ?? []).includes(name)) continue;
            once(`env:${dep.order}:${other.order}:${name}`, () => sink.error('MAPPING_CONFLICT',
              `${subject}: rule ${label(other)} lists ${name} in configEnv but rule ${label(dep)} (${where(dep.locate(['secretEnv']))}) lists it in secretEnv`,
              other.locate(['configEnv']), 'a variable is either a secret or plain configuration; keep it in one list'));
          }
        }
      }
    }
  }
}

function checkOneRule(loaded: LoadedRule, sink: DiagnosticSink): void {
  const { rule } = loaded;
  if (rule.dependency) {
    for (const field of WORKLOAD_FIELDS) {
      if (rule[field] === undefined) continue;
      sink.error('MAPPING_CONFLICT', `rule ${label(loaded)}: "${field}" has no effect next to "dependency" (${where(loaded.locate(['dependency']))}), which replaces the service by the chart "${rule.dependency.chart}"`,
        loaded.locate([field]), 'configure the subchart with dependency.set instead, or drop the dependency');
    }
  }
  if (rule.schedule !== undefined && rule.kind !== undefined && rule.kind !== 'CronJob') {
    sink.error('MAPPING_CONFLICT', `rule ${label(loaded)}: "schedule" needs kind CronJob, but the rule says kind ${rule.kind} (${where(loaded.locate(['kind']))})`,
      loaded.locate(['schedule']), 'set kind: CronJob, or drop the schedule');
  }
  for (const name of rule.secretEnv ?? []) {
    if ((rule.configEnv ?? []).includes(name)) {
      sink.error('MAPPING_CONFLICT', `rule ${label(loaded)}: ${name} is listed in both secretEnv and configEnv`, loaded.locate(['configEnv']), 'keep it in one list');
    }
  }
}

function label(loaded: LoadedRule): string {
  return `"${ruleName(loaded)}"`;
}
