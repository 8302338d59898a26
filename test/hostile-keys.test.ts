/**
 * Names from the user's files become object keys all over the chart: environment variables,
 * labels, build arguments, config file names. `__proto__` and `constructor` are legal names for
 * all of them; written into an ordinary object, `__proto__` would replace its prototype and the
 * value would vanish from out/ without a word. Each must arrive where its neighbour `NORMAL` does.
 * `<<` is legal too, and written bare it is a YAML merge key that Helm refuses to load.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildTree } from '../src/cli/run-migrate.js';
import type { FileTree } from '../src/emit/file-tree.js';
import { migrateOptions } from './support/fixtures.js';
import { helmTemplate } from './support/helm.js';

const COMPOSE = `services:
  web:
    image: example/web:1.0
    build:
      context: ./app
      args:
        __proto__: proto-arg
        constructor: constructor-arg
        NORMAL: normal-arg
    environment:
      __proto__: proto-env
      constructor: constructor-env
      NORMAL: normal-env
      "<<": merge-env
    labels:
      __proto__: proto-label
      constructor: constructor-label
      NORMAL: normal-label
    volumes:
      - ./conf/__proto__:/etc/app/__proto__:ro
      - ./conf/NORMAL:/etc/app/NORMAL:ro
`;

let project: string;
let tree: FileTree;
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'c2h-hostile-keys-'));
  mkdirSync(join(project, 'app'));
  mkdirSync(join(project, 'conf'));
  writeFileSync(join(project, 'app', 'Dockerfile'), 'FROM alpine:3.20\n');
  writeFileSync(join(project, 'conf', '__proto__'), 'proto-file\n');
  writeFileSync(join(project, 'conf', 'NORMAL'), 'normal-file\n');
  writeFileSync(join(project, 'compose.yaml'), COMPOSE);
  const result = buildTree(migrateOptions({}), { cwd: project, environment: {} });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  tree = result.tree!;
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** Own keys of the object at `path` in a YAML file of out/ (Helm template lines left out). */
function keysAt(file: string, path: string[]): string[] {
  const text = tree.get(file);
  expect(text, file).toBeDefined();
  const data = parse(text!.split('\n').filter((line) => !line.includes('{{')).join('\n')) as Record<string, unknown>;
  const node = path.reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], data);
  return Object.keys(node as object).sort();
}

describe('names that are also Object.prototype members', () => {
  it('keeps environment variables in values.yaml', () => {
    expect(keysAt('chart/values.yaml', ['web', 'config'])).toEqual(['<<', 'NORMAL', '__proto__', 'constructor']);
  });

  it('gives Helm a values.yaml it loads, with every variable in the ConfigMap', () => {
    const chart = join(project, 'rendered');
    for (const [path, text] of tree) {
      if (!path.startsWith('chart/')) continue;
      mkdirSync(dirname(join(chart, path)), { recursive: true });
      writeFileSync(join(chart, path), text);
    }
    const r = helmTemplate(join(chart, 'chart'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const line of ['"<<": "merge-env"', '"__proto__": "proto-env"', '"constructor": "constructor-env"', '"NORMAL": "normal-env"']) expect(r.stdout).toContain(`\n  ${line}\n`);
  });

  it('keeps build arguments in skaffold.yaml', () => {
    const skaffold = parse(tree.get('skaffold.yaml')!) as { build: { artifacts: { docker: { buildArgs: Record<string, string> } }[] } };
    const args = skaffold.build.artifacts[0]!.docker.buildArgs;
    expect(Object.keys(args).sort()).toEqual(['NORMAL', '__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(args, '__proto__')?.value).toBe('proto-arg');
  });

  it('keeps labels as pod annotations', () => {
    const deployment = tree.get('chart/templates/web/deployment.yaml')!;
    for (const line of ['__proto__: proto-label', 'constructor: constructor-label', 'NORMAL: normal-label']) expect(deployment).toContain(line);
  });

  it('keeps a bind-mounted config file of that name', () => {
    const configMaps = [...tree.keys()].filter((path) => path.startsWith('chart/templates/web/configmap-'));
    const text = configMaps.map((path) => tree.get(path)!).join('\n');
    expect(text).toMatch(/^ {2}__proto__: \{\{ \.Files\.Get "[^"]+__proto__" \| quote \}\}$/m);
    expect(text).toMatch(/^ {2}NORMAL: \{\{ \.Files\.Get "[^"]+NORMAL" \| quote \}\}$/m);
  });
});
