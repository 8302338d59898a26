/**
 * Rewrites references to other compose services (bare host, host:port, URLs, `tcp:host:port`)
 * to their in-cluster names. The replacement is a Helm template expression, rendered with `tpl`
 * from values or inline in templates, so the name follows the release.
 */
export interface ServiceTarget {
  /** Compose service name as written in values. */
  service: string;
  /** Template expression of its Kubernetes Service name. */
  template: string;
}

/** Characters that may stand around a host name without being part of it. */
const BEFORE = '(^|[/@=,:;("\'])';
const AFTER = '(?=$|[/:,;)"\'?#])';

export function rewriteReferences(value: string, targets: ServiceTarget[]): { value: string; rewritten: string[] } {
  const rewritten: string[] = [];
  // Prose ("the agent will…") is not an address; only whitespace-free values are rewritten.
  if (/\s/.test(value)) return { value, rewritten };
  let result = value;
  // Longest names first so `ovn-nb-db` is not half-matched by a service called `ovn`.
  for (const target of [...targets].sort((a, b) => b.service.length - a.service.length || a.service.localeCompare(b.service))) {
    const pattern = new RegExp(`${BEFORE}${escapeRegExp(target.service)}${AFTER}`, 'g');
    const next = result.replace(pattern, (_m, before: string) => `${before}${target.template}`);
    if (next !== result) rewritten.push(target.service);
    result = next;
  }
  return { value: result, rewritten };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
