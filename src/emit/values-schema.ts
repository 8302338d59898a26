/**
 * values.schema.json from the same entries as values.yaml, so `helm install --set
 * agent.replicaCount=two` or a misspelled key fails at install time with Helm's own message.
 * Objects the chart owns are closed (additionalProperties: false); subchart values stay open.
 */
import type { Project } from '../model/project.js';
import type { ValueEntry } from './values-builder.js';
import { emptyRecord } from '../text/record.js';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema> };

export function valuesSchema(entries: readonly ValueEntry[], project: Project): Schema {
  const root: Schema = { $schema: 'http://json-schema.org/draft-07/schema#', title: `${project.chart.name} values`, type: 'object', additionalProperties: false, properties: {} };
  const openKeys = new Set(project.dependencies.map((d) => d.valuesKey));
  // Helm passes `global` to every chart; it must stay allowed at the top.
  root.properties!.global = { type: 'object' };
  for (const entry of entries) {
    let node = root;
    entry.path.forEach((key, i) => {
      const last = i === entry.path.length - 1;
      node.properties ??= {};
      if (last) {
        node.properties[key] = { ...(entry.schema ?? schemaOf(entry.value)), description: entry.comment };
        return;
      }
      const open = openKeys.has(entry.path[0]!);
      node.properties[key] ??= { type: 'object', ...(open ? {} : { additionalProperties: false }), properties: {} };
      node = node.properties[key]!;
    });
  }
  return sortKeys(root) as Schema;
}

function schemaOf(value: unknown): Schema {
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  if (typeof value === 'string') return { type: 'string' };
  if (Array.isArray(value)) return { type: 'array' };
  if (value === null) return {};
  return { type: 'object' };
}

/** Stable key order, so the file diffs cleanly. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    // A loop, not fromEntries over mapped pairs: the schema has a node per value of the chart.
    // Keys include user-given names (`__proto__` stays a key): see emptyRecord.
    const sorted = emptyRecord<unknown>();
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}
