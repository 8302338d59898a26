/**
 * Validates a compose document (already interpolated and merged) against the Compose
 * Specification JSON schema and turns ajv's errors into readable diagnostics.
 *
 * The validator is precompiled by scripts/compile-schemas.mjs (ajv standalone code, verbose
 * errors) into ./generated/; nothing is compiled at runtime.
 *
 * ajv reports every failed `oneOf` branch, so one bad `ports` entry yields four errors. They are
 * collapsed like this (see `collapse`): ajv pushes a `oneOf`'s branch errors right before the
 * `oneOf` error itself, so the contiguous run of errors at or below the `oneOf`'s instancePath is
 * its branch errors. Errors *at* that path from `type`/`enum`/`const` mean "this branch is the
 * wrong kind of value". Any other branch error (deeper, or e.g. `additionalProperties` or
 * `minimum` at the same path) comes from a branch whose type matched, so it is the specific one
 * and is kept, and the rest is dropped. When no such error exists the value matched no branch
 * at all: one diagnostic lists the accepted kinds ("a number, a string or a port mapping").
 * Then at most one diagnostic is kept per instancePath (per unknown key for
 * `additionalProperties`, since each unknown key is its own mistake at its own position).
 */
import type { ErrorObject } from 'ajv';
import type { Diagnostic, SourceRef } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import validateGenerated from './generated/compose-schema-validator.js';

type Segment = string | number;
type Locate = (path: Segment[], want: 'key' | 'value') => SourceRef | undefined;

/** A raw ajv error, or the summary of a `oneOf` that no branch matched. */
type Issue =
  | { kind: 'error'; pointer: string; error: ErrorObject }
  | { kind: 'no-branch'; pointer: string; accepted: string[] }
  | { kind: 'ambiguous'; pointer: string };

/** Top-level sections whose entries are named objects, and how to call one entry. */
const SECTIONS: Record<string, string> = {
  services: 'service',
  networks: 'network',
  volumes: 'volume',
  secrets: 'secret',
  configs: 'config',
  models: 'model',
};

/** The schema's pattern for names of services, volumes, depends_on entries, … */
const NAME_PATTERN = '^[a-zA-Z0-9._-]+$';
/** Unknown-key hints list the allowed keys when there are at most this many. */
const MAX_LISTED_KEYS = 12;

const MISMATCH_KEYWORDS = new Set(['type', 'enum', 'const']);
const COMBINATORS = new Set(['oneOf', 'anyOf']);

export function validateComposeSchema(data: unknown, locate: Locate): Diagnostic[] {
  if (validateGenerated(data)) return [];
  const issues = dedupe(collapse(validateGenerated.errors ?? []));
  const diagnostics = issues.map((issue) => toDiagnostic(issue, data, locate));
  return diagnostics.sort(compareDiagnostics);
}

// ---------------------------------------------------------------------------------------------
// Collapsing oneOf/anyOf noise

function collapse(errors: readonly ErrorObject[]): Issue[] {
  const out: Issue[] = [];
  for (const error of errors) {
    if (!COMBINATORS.has(error.keyword)) {
      out.push({ kind: 'error', pointer: error.instancePath, error });
      continue;
    }
    const pointer = error.instancePath;
    let start = out.length;
    while (start > 0 && isAtOrBelow(out[start - 1]!.pointer, pointer)) start--;
    const branchIssues = out.splice(start);

    if (error.keyword === 'oneOf' && (error.params as { passingSchemas?: unknown }).passingSchemas) {
      out.push({ kind: 'ambiguous', pointer });
      continue;
    }
    const mismatches: Issue[] = [];
    const specific: Issue[] = [];
    for (const issue of branchIssues) {
      const isMismatch =
        issue.pointer === pointer &&
        (issue.kind === 'no-branch' || (issue.kind === 'error' && MISMATCH_KEYWORDS.has(issue.error.keyword)));
      (isMismatch ? mismatches : specific).push(issue);
    }
    if (specific.length > 0) {
      out.push(...specific);
    } else {
      out.push({ kind: 'no-branch', pointer, accepted: acceptedKinds(mismatches, pointer) });
    }
  }
  return out;
}

function isAtOrBelow(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

/** What each failed branch would have accepted, in branch order, without repeats. */
function acceptedKinds(mismatches: Issue[], pointer: string): string[] {
  const kinds: string[] = [];
  const add = (kind: string) => {
    if (!kinds.includes(kind)) kinds.push(kind);
  };
  for (const issue of mismatches) {
    if (issue.kind === 'no-branch') issue.accepted.forEach(add);
    if (issue.kind !== 'error') continue;
    const params = issue.error.params as { type?: string | string[]; allowedValues?: unknown[]; allowedValue?: unknown };
    if (issue.error.keyword === 'type') typeList(params.type).forEach((t) => add(typeName(t, pointer)));
    if (issue.error.keyword === 'enum') (params.allowedValues ?? []).forEach((v) => add(JSON.stringify(v)));
    if (issue.error.keyword === 'const') add(JSON.stringify(params.allowedValue));
  }
  return kinds;
}

/** One issue per instancePath; unknown keys are kept one per key. First reported wins. */
function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    let id = issue.pointer;
    if (issue.kind === 'error' && issue.error.keyword === 'additionalProperties') {
      id += `\0${String((issue.error.params as { additionalProperty?: unknown }).additionalProperty)}`;
    }
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Wording

interface Subject {
  /** `service "web"`, `volume "data"`, or `top-level`. */
  label: string;
  /** The subject as a sentence subject when nothing below it is named. */
  alone: string;
  /** Path below the subject: `healthcheck.interval`, `ports[0]`; empty for the subject itself. */
  rest: string;
}

function toDiagnostic(issue: Issue, data: unknown, locate: Locate): Diagnostic {
  const path = toPath(issue.pointer, data);
  const subject = describe(path);
  const prefix = subject.rest ? `${subject.label}: ${subject.rest}` : subject.alone;
  let message: string;
  let hint: string | undefined;
  let at: SourceRef | undefined;

  if (issue.kind === 'no-branch') {
    message = `${prefix} must be ${joinOr(issue.accepted)}`;
  } else if (issue.kind === 'ambiguous') {
    message = `${prefix} is ambiguous: it matches more than one of the accepted forms`;
  } else {
    const { error } = issue;
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'additionalProperties': {
        const key = String(params['additionalProperty']);
        const parent = (error.parentSchema ?? {}) as { properties?: object; patternProperties?: object };
        const allowed = Object.keys(parent.properties ?? {});
        const patterns = Object.keys(parent.patternProperties ?? {}).filter((p) => p !== '^x-');
        at = locateWithFallback(locate, [...path, key], 'key');
        if (allowed.length === 0 && patterns.length > 0) {
          // A map of names (services, volumes, depends_on, …): the key is a badly formed name.
          const section = path.length === 1 && typeof path[0] === 'string' ? SECTIONS[path[0]] : undefined;
          message = section
            ? `invalid ${section} name "${key}"`
            : `${subject.label}: invalid name "${key}"${subject.rest ? ` in ${subject.rest}` : ''}`;
          hint =
            patterns.length === 1 && patterns[0] === NAME_PATTERN
              ? 'names may contain only letters, digits, ".", "_" and "-"'
              : `names must match ${patterns.join(' or ')}`;
        } else {
          message = `${subject.label}: unknown key "${key}"${subject.rest ? ` in ${subject.rest}` : ''}`;
          const suggestion = suggestKey(parent, key, allowed);
          if (suggestion) hint = `did you mean "${suggestion}"?`;
          else if (path.length === 0 && looksLikeService(valueAt(data, [key]))) {
            hint = 'this looks like the legacy Compose v1 layout; put services under "services:"';
          } else if (/^x/i.test(key) && parent.patternProperties && '^x-' in parent.patternProperties) {
            hint = 'custom keys must start with "x-"';
          } else if (allowed.length > 0 && allowed.length <= MAX_LISTED_KEYS) {
            hint = `expected one of: ${allowed.join(', ')}`;
          }
        }
        break;
      }
      case 'type':
        message = `${prefix} must be ${joinOr(typeList(params['type']).map((t) => typeName(t, issue.pointer)))}`;
        break;
      case 'enum': {
        const allowed = (params['allowedValues'] as unknown[] | undefined) ?? [];
        message = `${prefix} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
        const value = valueAt(data, path);
        const suggestion = typeof value === 'string' ? didYouMean(value, allowed.map(String)) : undefined;
        if (suggestion) hint = `did you mean "${suggestion}"?`;
        break;
      }
      case 'const':
        message = `${prefix} must be ${JSON.stringify(params['allowedValue'])}`;
        break;
      case 'required': {
        const missing = String(params['missingProperty']);
        message = `${prefix} is missing the required key "${missing}"`;
        at = locateWithFallback(locate, path, 'key');
        break;
      }
      case 'uniqueItems': {
        const i = Number(params['i']);
        const j = Number(params['j']);
        const [first, second] = i < j ? [i, j] : [j, i];
        message = `${prefix} has duplicate entries: [${first}] and [${second}] are identical`;
        at = locateWithFallback(locate, [...path, second], 'value');
        break;
      }
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        message = `${prefix} must be ${String(params['comparison'])} ${String(params['limit'])}`;
        break;
      case 'pattern':
        message = `${prefix} must match the pattern ${String(params['pattern'])}`;
        break;
      default:
        message = `${prefix} ${error.message ?? 'is invalid'}`;
    }
  }

  const diagnostic: Diagnostic = { code: 'COMPOSE_SCHEMA', severity: 'error', message };
  at ??= locateWithFallback(locate, path, 'value');
  if (at) diagnostic.at = at;
  if (hint) diagnostic.hint = hint;
  return diagnostic;
}

function describe(path: Segment[]): Subject {
  const [section, name, ...rest] = path;
  const kind = typeof section === 'string' ? SECTIONS[section] : undefined;
  if (kind && name !== undefined) {
    const label = `${kind} ${JSON.stringify(String(name))}`;
    return { label, alone: label, rest: formatPath(rest) };
  }
  return { label: 'top-level', alone: 'the compose file', rest: formatPath(path) };
}

/** `healthcheck.interval`, `ports[0]`, `environment["A.B"]`. */
function formatPath(path: Segment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

function typeList(type: unknown): string[] {
  if (Array.isArray(type)) return type.map(String);
  if (typeof type === 'string') return type.split(',');
  return [];
}

/** JSON-schema type → YAML words. An object branch of a list item is named after the list. */
function typeName(type: string, pointer: string): string {
  switch (type) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'integer':
      return 'an integer';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return 'null';
    case 'array':
      return 'a list';
    case 'object': {
      const segments = pointer.split('/');
      const last = segments[segments.length - 1] ?? '';
      const list = segments[segments.length - 2];
      if (/^\d+$/.test(last) && list) {
        const noun = unescapePointer(list).replace(/s$/, '');
        return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun} mapping`;
      }
      return 'a mapping';
    }
    default:
      return type;
  }
}

function joinOr(items: string[]): string {
  if (items.length === 0) return 'valid';
  if (items.length === 1) return items[0]!;
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]!}`;
}

/** didYouMean is O(candidates × length²); the same typo in many services is looked up once. */
const keySuggestions = new WeakMap<object, Map<string, string | undefined>>();

function suggestKey(schema: object, key: string, allowed: string[]): string | undefined {
  let cache = keySuggestions.get(schema);
  if (!cache) keySuggestions.set(schema, (cache = new Map()));
  if (!cache.has(key)) cache.set(key, didYouMean(key, allowed));
  return cache.get(key);
}

function looksLikeService(value: unknown): boolean {
  return isRecord(value) && ('image' in value || 'build' in value);
}

// ---------------------------------------------------------------------------------------------
// Paths and positions

/** JSON pointer → path segments; indexes into arrays become numbers. */
function toPath(pointer: string, data: unknown): Segment[] {
  if (pointer === '') return [];
  const path: Segment[] = [];
  let current = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = unescapePointer(raw);
    if (Array.isArray(current) && /^\d+$/.test(key)) {
      path.push(Number(key));
      current = current[Number(key)];
    } else {
      path.push(key);
      current = isRecord(current) ? current[key] : undefined;
    }
  }
  return path;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function valueAt(data: unknown, path: Segment[]): unknown {
  let current = data;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isRecord(current)) current = current[String(segment)];
    else return undefined;
  }
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The position of `path`, or of its nearest enclosing key when the locator cannot place it. */
function locateWithFallback(locate: Locate, path: Segment[], want: 'key' | 'value'): SourceRef | undefined {
  const exact = locate(path, want);
  if (exact) return exact;
  for (let length = path.length - 1; length >= 0; length--) {
    const found = locate(path.slice(0, length), 'key');
    if (found) return found;
  }
  return undefined;
}

/** By file, line, column, then message; diagnostics without a position come last. */
function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.at && b.at) {
    if (a.at.file !== b.at.file) return a.at.file < b.at.file ? -1 : 1;
    if (a.at.line !== b.at.line) return a.at.line - b.at.line;
    if (a.at.col !== b.at.col) return a.at.col - b.at.col;
  } else if (a.at || b.at) {
    return a.at ? -1 : 1;
  }
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
