/**
 * Rewrites references to other compose services (bare host, host:port, URLs, `tcp:host:port`)
 * to their in-cluster names. The replacement is a Helm template expression, rendered with `tpl`
 * from values or inline in templates, so the name follows the release.
 */
import { byCodeUnit } from '../text/order.js';
import { escapeRegExp } from '../text/regexp.js';

export interface ServiceTarget {
  /** Compose service name as written in values. */
  service: string;
  /** Template expression of its Kubernetes Service name. */
  template: string;
}

/** Characters that may stand around a host name without being part of it. */
const BEFORE = '(^|[/@=,:;("\'])';
const AFTER = '(?=$|[/:,;)"\'?#])';
const BEFORE_CHARS = new Set('/@=,:;("\'');
const AFTER_CHARS = new Set('/:,;)"\'?#');
/** Characters of a compose service name (the Compose schema's `^[a-zA-Z0-9._-]+$`). */
const NAME_RUN = /[A-Za-z0-9._-]+/g;

/**
 * `exclude` names a service that is not rewritten (the service whose own values these are).
 *
 * The rule: a service name is rewritten where it stands alone between delimiters (BEFORE/AFTER).
 * Service names consist of name characters only, none of them a delimiter, so a match is always a
 * whole run of name characters with a delimiter (or the start/end) on each side. The fast path
 * looks each such run up in a map: one pass over the value instead of one pattern per service,
 * which made a project quadratic in its number of services. It falls back to one pattern per
 * service, longest first, when a name could also match inside another's replacement text.
 */
export function rewriteReferences(value: string, targets: ServiceTarget[], exclude?: string): { value: string; rewritten: string[] } {
  const rewritten: string[] = [];
  // Prose ("the agent will…") is not an address; only whitespace-free values are rewritten.
  if (/\s/.test(value)) return { value, rewritten };
  const index = indexFor(targets);
  if (!index.byName) return rewriteTargetByTarget(value, exclude === undefined ? targets : targets.filter((t) => t.service !== exclude));
  const hits = new Set<ServiceTarget>();
  let result = '';
  let copied = 0;
  for (const run of addressRuns(value)) {
    const target = index.byName.get(run.text);
    if (target === undefined || target.service === exclude) continue;
    result += value.slice(copied, run.start) + target.template;
    copied = run.end;
    hits.add(target);
  }
  if (hits.size === 0) return { value, rewritten };
  return { value: result + value.slice(copied), rewritten: [...hits].sort(longestFirst).map((t) => t.service) };
}

/** Longest names first so `ovn-nb-db` is not half-matched by a service called `ovn`. */
function longestFirst(a: ServiceTarget, b: ServiceTarget): number {
  return b.service.length - a.service.length || byCodeUnit(a.service, b.service);
}

function rewriteTargetByTarget(value: string, targets: ServiceTarget[]): { value: string; rewritten: string[] } {
  const rewritten: string[] = [];
  let result = value;
  for (const target of [...targets].sort(longestFirst)) {
    const pattern = new RegExp(`${BEFORE}${escapeRegExp(target.service)}${AFTER}`, 'g');
    const next = result.replace(pattern, (_m, before: string) => `${before}${target.template}`);
    if (next !== result) rewritten.push(target.service);
    result = next;
  }
  return { value: result, rewritten };
}

/** Runs of name characters with a delimiter, the start or the end on each side. */
function* addressRuns(text: string): Generator<{ text: string; start: number; end: number }> {
  for (const match of text.matchAll(NAME_RUN)) {
    const start = match.index;
    const end = start + match[0].length;
    if ((start === 0 || BEFORE_CHARS.has(text[start - 1]!)) && (end === text.length || AFTER_CHARS.has(text[end]!))) {
      yield { text: match[0], start, end };
    }
  }
}

/**
 * Targets by name, built once per targets list. `byName` is undefined when the one-pass rewrite
 * could differ from pattern-by-pattern: a name that is not all name characters, a name listed
 * twice, or a name that could match inside a replacement text (which a later pattern would see).
 */
const indexes = new WeakMap<ServiceTarget[], { byName: Map<string, ServiceTarget> | undefined }>();
function indexFor(targets: ServiceTarget[]): { byName: Map<string, ServiceTarget> | undefined } {
  let index = indexes.get(targets);
  if (index) return index;
  const byName = new Map<string, ServiceTarget>();
  let fast = true;
  for (const target of targets) {
    if (byName.has(target.service) || !/^[A-Za-z0-9._-]+$/.test(target.service)) fast = false;
    byName.set(target.service, target);
  }
  for (const target of targets) {
    for (const run of addressRuns(target.template)) if (byName.has(run.text)) fast = false;
  }
  index = { byName: fast ? byName : undefined };
  indexes.set(targets, index);
  return index;
}
