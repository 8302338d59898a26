/**
 * The seed: "all template variables must have default values". Every `.Values` path that a golden
 * chart's templates (and Chart.yaml dependency conditions) read must exist in its values.yaml,
 * and carry a comment there — so `helm install` with no values file never meets a nil.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument, isMap, isPair, isScalar, type YAMLMap } from 'yaml';
import { listFixtures } from './support/fixtures.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** `.Values.a.b` and `index .Values "a-b" "c"` references in template text. */
export function valuesPaths(text: string): string[][] {
  const paths: string[][] = [];
  for (const m of text.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)) paths.push(m[1]!.slice(1).split('.'));
  for (const m of text.matchAll(/index \.Values((?: "[^"]+")+)/g)) paths.push([...m[1]!.matchAll(/"([^"]+)"/g)].map((x) => x[1]!));
  return paths;
}

function has(values: unknown, path: string[]): boolean {
  let node = values;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/** Dotted paths of keys in values.yaml that have no comment on themselves or an ancestor. */
function uncommented(map: YAMLMap, prefix: string[] = [], commented = false): string[] {
  return map.items.flatMap((pair) => {
    if (!isPair(pair) || !isScalar(pair.key)) return [];
    const path = [...prefix, String(pair.key.value)];
    const hasComment = commented || Boolean((pair.key as { commentBefore?: string }).commentBefore);
    if (isMap(pair.value)) return uncommented(pair.value, path, hasComment);
    return hasComment ? [] : [path.join('.')];
  });
}

describe.each(listFixtures().map((f) => [f.name, f] as const))('values of %s', (_name, fixture) => {
  const chartDir = join(fixture.expectedDir, 'chart');

  it('define every .Values path the templates read', () => {
    expect(existsSync(join(chartDir, 'values.yaml'))).toBe(true);
    const values = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as unknown;
    const missing: string[] = [];
    let read = 0;
    for (const file of files(join(chartDir, 'templates'))) {
      for (const path of valuesPaths(readFileSync(file, 'utf8'))) {
        read++;
        if (!has(values, path)) missing.push(`${relative(chartDir, file)}: .Values.${path.join('.')}`);
      }
    }
    const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as { dependencies?: { condition?: string }[] };
    for (const dep of chart.dependencies ?? []) {
      if (dep.condition && !has(values, dep.condition.split('.'))) missing.push(`Chart.yaml: condition ${dep.condition}`);
    }
    expect(read).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('comment every value', () => {
    const doc = parseDocument(readFileSync(join(chartDir, 'values.yaml'), 'utf8'));
    expect(isMap(doc.contents)).toBe(true);
    expect(uncommented(doc.contents as YAMLMap)).toEqual([]);
  });
});

describe('valuesPaths', () => {
  it('finds dotted and index references', () => {
    expect(valuesPaths('{{ .Values.a.b }} {{ (index .Values "my-svc" "image") }} {{ include "x" .Values.c }}')).toEqual([
      ['a', 'b'], ['c'], ['my-svc', 'image'],
    ]);
  });
});
