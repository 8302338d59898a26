/**
 * Top-level `include:` (compose-go's ApplyInclude). Each entry is loaded as a project of its
 * own: its paths relative to the including project's working directory, its project directory
 * `project_directory` or the folder of its first file, its variables from its `env_file` (or the
 * `.env` in its project directory) over the including project's — compose-go merges the
 * include's env file *over* the inherited environment. Its resources are then copied in, with
 * relative paths rebased; a resource the including file defines differently is a conflict.
 */
import { posix } from 'node:path';
import type { SourceRef } from '../diagnostics/diagnostic.js';
import { parseDotenv } from './dotenv.js';
import { mergeComposeDocuments } from './merge-files.js';
import type { Locate } from './parse-yaml.js';
import { rebaseFileObjects, rebaseServicePaths } from './rebase-paths.js';
import { isRemoteReference, type ComposeModel, type ProjectContext, type Raw } from './read-compose-file.js';

export type LoadModel = (file: string, ctx: ProjectContext) => ComposeModel | undefined;

/** Sections whose named entries an included project contributes. */
const SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs', 'models'] as const;
const SINGULAR: Record<(typeof SECTIONS)[number], string> = {
  services: 'service', networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config', models: 'model',
};

export function applyInclude(model: ComposeModel, file: string, ctx: ProjectContext, loadModel: LoadModel): ComposeModel {
  const include = model.data.include;
  if (include === undefined || include === null) return model;
  const entries = Array.isArray(include) ? include : [include];
  const data: Raw = { ...model.data };
  const fallbacks: Locate[] = [];
  const at = (path: (string | number)[]): SourceRef => {
    for (let n = path.length; n > 0; n--) {
      const found = model.locate(path.slice(0, n), 'value');
      if (found) return found;
    }
    return { file, line: 1, col: 1 };
  };

  entries.forEach((entry, i) => {
    const spec = typeof entry === 'string' ? { path: entry } : ((entry ?? {}) as Raw);
    const paths = (Array.isArray(spec.path) ? spec.path : [spec.path]).filter((p): p is string => typeof p === 'string');
    const pathAt = (j: number) => at(typeof entry === 'string' ? ['include', i] : Array.isArray(spec.path) ? ['include', i, 'path', j] : ['include', i, 'path']);
    const files: string[] = [];
    paths.forEach((path, j) => {
      const full = posix.normalize(posix.join(ctx.workingDir || '.', path));
      if (isRemoteReference(path)) {
        ctx.sink.error('INCLUDE', `include "${path}" is a remote resource; compose2helm reads local files only`, pathAt(j), 'copy the project into this repository and include it by path');
      } else if (full === file || ctx.includeChain.includes(full)) {
        const chain = [...ctx.includeChain, file, full];
        ctx.sink.error('INCLUDE', `include forms a cycle (${chain.slice(chain.indexOf(full)).join(' → ')})`, pathAt(j), 'a file cannot include itself, directly or through others');
      } else if (ctx.readFile(full) === undefined) {
        ctx.sink.error('INCLUDE', `include "${path}" does not exist`, pathAt(j), `the path is relative to ${ctx.workingDir ? `"${ctx.workingDir}/"` : 'the project folder'}`);
      } else {
        files.push(full);
      }
    });
    if (files.length !== paths.length || files.length === 0) return;

    const projectDir = typeof spec.project_directory === 'string'
      ? dirText(posix.normalize(posix.join(ctx.workingDir || '.', spec.project_directory)))
      : dirText(posix.dirname(files[0]!));
    const lookup = includedVariables(spec, i, projectDir, ctx, at);
    if (!lookup) return;
    const child: ProjectContext = {
      workingDir: projectDir, lookup, readFile: ctx.readFile, sink: ctx.sink,
      includeChain: [...ctx.includeChain, file], cache: new Map(),
    };
    let imported: Raw = {};
    for (const path of files) {
      const loaded = loadModel(path, child);
      if (!loaded) return;
      imported = mergeComposeDocuments(imported, loaded.data);
      fallbacks.unshift(loaded.locate);
    }
    importResources(data, imported, projectDir, ctx, files[0]!, at);
  });

  const locate: Locate = (path, want) => {
    const own = model.locate(path, want);
    if (own) return own;
    for (const fallback of fallbacks) {
      const found = fallback(path, want);
      if (found) return found;
    }
    return undefined;
  };
  return { data, locate };
}

/** The include's env files (or its project's `.env`) over the including project's variables. */
function includedVariables(
  spec: Raw, i: number, projectDir: string, ctx: ProjectContext, at: (path: (string | number)[]) => SourceRef,
): ProjectContext['lookup'] | undefined {
  const explicit = spec.env_file === undefined ? [] : (Array.isArray(spec.env_file) ? spec.env_file : [spec.env_file]).map(String);
  const files = explicit.length > 0
    ? explicit.map((f) => posix.normalize(posix.join(ctx.workingDir || '.', f)))
    : [posix.join(projectDir || '.', '.env')];
  const values = new Map<string, string>();
  for (const [j, path] of files.entries()) {
    const text = ctx.readFile(path);
    if (text === undefined) {
      if (explicit.length === 0) continue;
      const where = at(Array.isArray(spec.env_file) ? ['include', i, 'env_file', j] : ['include', i, 'env_file']);
      ctx.sink.error('FILE_NOT_FOUND', `include: env_file "${explicit[j]!}" does not exist`, where);
      return undefined;
    }
    const parsed = parseDotenv(text, path, (name) => values.get(name) ?? ctx.lookup(name));
    ctx.sink.add(parsed.diagnostics);
    for (const [name, value] of parsed.values) values.set(name, value);
  }
  return (name) => values.get(name) ?? ctx.lookup(name);
}

function importResources(
  data: Raw, imported: Raw, fromDir: string, ctx: ProjectContext, includedFile: string,
  at: (path: (string | number)[]) => SourceRef,
): void {
  for (const section of SECTIONS) {
    let entries = imported[section];
    if (!entries || typeof entries !== 'object') continue;
    if (section === 'services') {
      entries = Object.fromEntries(Object.entries(entries as Raw).map(([name, service]) => [
        name, service && typeof service === 'object' ? rebaseServicePaths(service as Raw, fromDir, ctx.workingDir) : service,
      ]));
    } else if (section === 'secrets' || section === 'configs') {
      entries = rebaseFileObjects(entries, fromDir, ctx.workingDir);
    }
    const own = { ...((data[section] ?? {}) as Raw) };
    for (const [name, value] of Object.entries(entries as Raw)) {
      if (name in own && !sameData(own[name], value)) {
        ctx.sink.error('INCLUDE', `${SINGULAR[section]} "${name}" is defined here and, differently, in included file "${includedFile}"`,
          at([section, name]), 'rename one of them, or extend the included one instead of redefining it');
        continue;
      }
      own[name] = value;
    }
    data[section] = own;
  }
}

/** Deep equality for parsed YAML data (plain objects, arrays, scalars); key order does not matter. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameData(item, b[i]));
  }
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((k) => k in b && sameData((a as Raw)[k], (b as Raw)[k]));
}

function dirText(dir: string): string {
  return dir === '.' ? '' : dir;
}
