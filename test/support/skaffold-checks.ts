/**
 * Checks on a skaffold.yaml that the v4beta11 schema cannot make: every profile patch points at a
 * path that exists, every setValueTemplates key is a path in the chart's values.yaml, every
 * IMAGE_REPO_/IMAGE_TAG_ variable names an artifact skaffold builds, and every build arg is a
 * string. Each returns a list of problems (empty = fine), so tests can also show they fail.
 */
import { parse } from 'yaml';
import { skaffoldImageVar } from '../../src/emit/emit-skaffold.js';

type Json = unknown;

/** RFC 6901 tokens of a JSON pointer ("/a/b~1c" → ["a", "b/c"]). */
function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function child(node: Json, token: string): { found: boolean; value?: Json } {
  if (Array.isArray(node)) {
    if (!/^(0|[1-9]\d*)$/.test(token) || Number(token) >= node.length) return { found: false };
    return { found: true, value: node[Number(token)] };
  }
  if (node !== null && typeof node === 'object' && Object.prototype.hasOwnProperty.call(node, token)) {
    return { found: true, value: (node as Record<string, Json>)[token] };
  }
  return { found: false };
}

/** The value at a JSON pointer, or found: false. */
export function resolvePointer(doc: Json, pointer: string): { found: boolean; value?: Json } {
  let node: Json = doc;
  for (const token of tokens(pointer)) {
    const next = child(node, token);
    if (!next.found) return { found: false };
    node = next.value;
  }
  return { found: true, value: node };
}

/**
 * Whether a JSON-patch operation can apply: `add` needs the parent (an array takes `-` or an index
 * up to its length, an object any key); `replace`, `remove` and `test` need the path itself.
 */
export function patchTargetExists(doc: Json, op: string, path: string): boolean {
  if (op !== 'add') return resolvePointer(doc, path).found;
  const all = tokens(path);
  const last = all.pop();
  if (last === undefined) return true;
  const parent = resolvePointer(doc, all.map((t) => `/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`).join(''));
  if (!parent.found) return false;
  if (Array.isArray(parent.value)) return last === '-' || (/^(0|[1-9]\d*)$/.test(last) && Number(last) <= parent.value.length);
  return parent.value !== null && typeof parent.value === 'object';
}

interface SkaffoldDoc {
  build?: { artifacts?: { image?: string; docker?: { buildArgs?: Record<string, unknown> } }[] };
  manifests?: { helm?: { releases?: { setValueTemplates?: Record<string, unknown> }[] } };
  profiles?: { name?: string; patches?: { op?: string; path?: string }[] }[];
}

export function patchProblems(doc: SkaffoldDoc): string[] {
  const problems: string[] = [];
  for (const profile of doc.profiles ?? []) {
    for (const patch of profile.patches ?? []) {
      if (!patchTargetExists(doc, patch.op ?? '', patch.path ?? '')) problems.push(`profile ${profile.name}: ${patch.op} ${patch.path} points at nothing`);
    }
  }
  return problems;
}

/** Every setValueTemplates key must be a path that values.yaml defines (a typo is silently ignored by Helm). */
export function valueTemplateProblems(doc: SkaffoldDoc, valuesYaml: string): string[] {
  const values = parse(valuesYaml) as Json;
  const problems: string[] = [];
  const built = new Set((doc.build?.artifacts ?? []).map((a) => skaffoldImageVar(a.image ?? '')));
  for (const release of doc.manifests?.helm?.releases ?? []) {
    for (const [key, template] of Object.entries(release.setValueTemplates ?? {})) {
      let node: Json = values;
      for (const part of key.split('.')) {
        const next = child(node, part);
        if (!next.found) {
          problems.push(`setValueTemplates ${key}: values.yaml has no such path`);
          break;
        }
        node = next.value;
      }
      for (const m of String(template).matchAll(/\{\{\s*\.IMAGE_(?:REPO|TAG)_(\w+)\s*\}\}/g)) {
        if (!built.has(m[1]!)) problems.push(`setValueTemplates ${key}: ${m[0]} names no artifact skaffold builds`);
      }
    }
  }
  return problems;
}

export function buildArgProblems(doc: SkaffoldDoc): string[] {
  return (doc.build?.artifacts ?? []).flatMap((a) => Object.entries(a.docker?.buildArgs ?? {})
    .filter(([, v]) => typeof v !== 'string')
    .map(([k, v]) => `artifact ${a.image}: build arg ${k} is ${typeof v}, not a string`));
}

/** All of the above for one skaffold.yaml and its chart's values.yaml. */
export function skaffoldProblems(skaffoldYaml: string, valuesYaml: string): string[] {
  const doc = parse(skaffoldYaml) as SkaffoldDoc;
  return [...patchProblems(doc), ...valueTemplateProblems(doc, valuesYaml), ...buildArgProblems(doc)];
}
