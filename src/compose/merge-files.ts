/**
 * Merges compose documents the way `docker compose -f a -f b` does: mappings merge key by key,
 * some sequences append, some merge by a key (volumes by target, ports by their text), command
 * and entrypoint replace, `!reset` removes what earlier files set and `!override` replaces it.
 */
import { createRequire } from 'node:module';
import { MergeDirective } from './parse-yaml.js';
import { setOwnKey } from '../text/record.js';

// The whole of lodash took longer to load than a small project takes to convert. Deep equality is
// only needed when a second file appends to a sequence, so lodash's isEqual (its own module) is
// loaded then; plain-object detection is a one-liner for the data YAML's toJS produces.
const require = createRequire(import.meta.url);
let lodashIsEqual: ((a: unknown, b: unknown) => boolean) | undefined;
const isEqual = (a: unknown, b: unknown): boolean => (lodashIsEqual ??= require('lodash/isEqual.js') as (a: unknown, b: unknown) => boolean)(a, b);

/** A `{…}` object: what lodash's isPlainObject answers for parsed YAML (not arrays, not MergeDirective). */
function isPlainObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

type Raw = Record<string, unknown>;

/** Service keys whose value replaces, never merges (compose-go's override rules). */
const REPLACED = new Set(['command', 'entrypoint', 'healthcheck.test', 'image', 'build.dockerfile']);
/** Sequences that compose turns into maps before merging (`KEY=VALUE` lists). */
const KEY_VALUE_LISTS = new Set(['environment', 'labels', 'build.args', 'annotations', 'sysctls', 'extra_hosts']);
/** Sequences merged by an identifying field. */
const MERGED_BY: Record<string, (item: unknown) => string> = {
  volumes: (v) => (isPlainObject(v) ? String((v as Raw).target) : String(v).split(':').slice(1, 2)[0] ?? String(v)),
  secrets: (v) => (isPlainObject(v) ? String((v as Raw).source) : String(v)),
  configs: (v) => (isPlainObject(v) ? String((v as Raw).source) : String(v)),
};

export function mergeComposeDocuments(base: Raw, override: Raw): Raw {
  return mergeMaps(base, override, []) as Raw;
}

/** Merges one service definition over another (also used by `extends`). */
export function mergeService(base: Raw, override: Raw): Raw {
  return mergeMaps(base, override, ['services', '*']) as Raw;
}

function mergeMaps(base: Raw, override: Raw, path: string[]): Raw {
  const result: Raw = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const childPath = [...path, key];
    if (value instanceof MergeDirective) {
      if (value.directive === 'reset') delete result[key];
      else result[key] = stripDirectives(value.value);
      continue;
    }
    result[key] = key in result ? mergeValues(result[key], value, childPath) : stripDirectives(value);
  }
  return result;
}

function mergeValues(base: unknown, override: unknown, path: string[]): unknown {
  const serviceKey = path.length >= 3 && path[0] === 'services' ? path.slice(2).join('.') : undefined;
  if (serviceKey !== undefined && REPLACED.has(serviceKey)) return stripDirectives(override);
  if (serviceKey !== undefined && KEY_VALUE_LISTS.has(serviceKey)) {
    return mergeMaps(toMap(base), toMap(override), path);
  }
  if (serviceKey === 'depends_on') return mergeMaps(dependsOnMap(base), dependsOnMap(override), path);
  if (isPlainObject(base) && isPlainObject(override)) return mergeMaps(base as Raw, override as Raw, path);
  if (Array.isArray(base) && Array.isArray(override)) {
    const identify = serviceKey !== undefined ? MERGED_BY[serviceKey] : undefined;
    if (identify) {
      const merged = new Map<string, unknown>();
      for (const item of [...base, ...override]) merged.set(identify(item), stripDirectives(item));
      return [...merged.values()];
    }
    const out = [...base];
    for (const item of override) if (!out.some((existing) => isEqual(existing, item))) out.push(stripDirectives(item));
    return out;
  }
  return stripDirectives(override);
}

function toMap(value: unknown): Raw {
  if (!Array.isArray(value)) return (value ?? {}) as Raw;
  const map: Raw = {};
  for (const entry of value) {
    const text = String(entry);
    const eq = text.indexOf('=');
    map[eq < 0 ? text : text.slice(0, eq)] = eq < 0 ? null : text.slice(eq + 1);
  }
  return map;
}

function dependsOnMap(value: unknown): Raw {
  if (!Array.isArray(value)) return (value ?? {}) as Raw;
  return Object.fromEntries(value.map((name) => [String(name), { condition: 'service_started' }]));
}

/**
 * Directives only mean something while merging; the merged result is plain data. A `!reset`
 * with nothing under it to reset still removes the key (compose-go's ResetProcessor deletes
 * the path), so `command: !reset` in a single file means "no command", not `command: null`.
 */
export function stripDirectives(value: unknown): unknown {
  if (value instanceof MergeDirective) return stripDirectives(value.value);
  // Plain loops: this copies every value of every compose file, and the filter/map and
  // entries/fromEntries chains allocated several arrays per node.
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    // forEach skips holes, as filter did.
    value.forEach((item) => {
      if (!isReset(item)) out.push(stripDirectives(item));
    });
    return out;
  }
  if (isPlainObject(value)) {
    const out: Raw = {};
    for (const key of Object.keys(value as Raw)) {
      const item = (value as Raw)[key];
      if (!isReset(item)) setOwnKey(out, key, stripDirectives(item));
    }
    return out;
  }
  return value;
}


function isReset(value: unknown): boolean {
  return value instanceof MergeDirective && value.directive === 'reset';
}
