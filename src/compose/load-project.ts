/**
 * Reads a compose project the way `docker compose config` does: every file parsed with
 * positions, variables interpolated (shell environment over env files), files merged in order,
 * `extends` resolved, profiles applied, the result validated against the Compose schema and
 * normalised. Pure: files come through `readFile`, the environment through `environment`.
 */
import { posix } from 'node:path';
import { DiagnosticSink, type SourceRef } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import { parseYaml, type Locate } from './parse-yaml.js';
import { parseDotenv } from './dotenv.js';
import { interpolateValue } from './interpolate.js';
import { mergeComposeDocuments, mergeService, stripDirectives } from './merge-files.js';
import { validateComposeSchema } from './validate-schema.js';
import { normalizeService } from './normalize-service.js';
import { checkProjectReferences } from './check-references.js';
import type { ComposeFileObject, ComposeProject, ComposeVolume } from './types.js';

type Raw = Record<string, unknown>;

export interface LoadOptions {
  /** Compose files relative to the working directory, POSIX; later files override earlier ones. */
  files: string[];
  /** `--env-file` paths; when empty, `.env` beside the first compose file is read if it exists. */
  envFiles: string[];
  /** The process environment (wins over env files, as in compose). */
  environment: Record<string, string | undefined>;
  profiles: string[];
  projectName?: string;
  readFile: (path: string) => string | undefined;
}

export interface LoadResult {
  project?: ComposeProject;
  sink: DiagnosticSink;
  /** Locates a path in the merged document: the last file that writes it wins. */
  locate: Locate;
}

export function loadProject(options: LoadOptions): LoadResult {
  const sink = new DiagnosticSink();
  const firstFile = options.files[0] ?? 'compose.yaml';
  const projectDir = posix.dirname(firstFile) === '.' ? '' : posix.dirname(firstFile);
  const inProject = (path: string) => (posix.isAbsolute(path) ? path : posix.normalize(posix.join(projectDir, path)));

  const variables = readVariables(options, projectDir, sink);
  const lookup = (name: string): string | undefined => options.environment[name] ?? variables.get(name);

  const locators: Locate[] = [];
  const locate: Locate = (path, want) => {
    for (let i = locators.length - 1; i >= 0; i--) {
      const found = locators[i]!(path, want);
      if (found) return found;
    }
    return undefined;
  };
  const fallback: SourceRef = { file: firstFile, line: 1, col: 1 };
  const at = (path: (string | number)[], want: 'key' | 'value' = 'value'): SourceRef => {
    for (let n = path.length; n >= 0; n--) {
      const found = locate(path.slice(0, n), n === path.length ? want : 'value');
      if (found) return found;
    }
    return fallback;
  };

  let merged: Raw = {};
  for (const file of options.files) {
    const doc = readComposeFile(file, options.readFile, lookup, sink);
    if (!doc) continue;
    locators.push(doc.locate);
    merged = mergeComposeDocuments(merged, doc.data);
  }
  if (sink.hasErrors()) return { sink, locate };
  merged = stripDirectives(merged) as Raw;

  resolveExtends(merged, options, lookup, sink, at);
  if (sink.hasErrors()) return { sink, locate };

  const schemaProblems = validateComposeSchema(merged, locate);
  sink.add(schemaProblems);
  if (sink.hasErrors()) return { sink, locate };

  const services = (merged.services ?? {}) as Record<string, Raw>;
  const active = activeServices(services, options, sink, at);

  const project: ComposeProject = {
    name: projectNameOf(options, merged, projectDir),
    files: [...options.files],
    projectDir,
    services: [],
    volumes: namedObjects(merged.volumes, 'volumes', at, (name, raw, where): ComposeVolume => ({
      name, external: raw.external === true, at: where,
    })),
    secrets: namedObjects(merged.secrets, 'secrets', at, fileObject),
    configs: namedObjects(merged.configs, 'configs', at, fileObject),
    at: fallback,
  };
  for (const name of [...active].sort()) {
    project.services.push(normalizeService(name, services[name] ?? {}, {
      at: (...path) => at(['services', name, ...path]),
      sink,
      readFile: (path) => options.readFile(inProject(path)),
      lookup,
    }));
  }
  checkProjectReferences(project, sink, at);
  return { project: sink.hasErrors() ? undefined : project, sink, locate };
}

function fileObject(name: string, raw: Raw, at: SourceRef): ComposeFileObject {
  const object: ComposeFileObject = { name, external: raw.external === true, at };
  if (typeof raw.file === 'string') object.file = raw.file;
  if (typeof raw.environment === 'string') object.environment = raw.environment;
  if (typeof raw.content === 'string') object.content = raw.content;
  return object;
}

function namedObjects<T>(
  value: unknown, key: string, at: (path: (string | number)[]) => SourceRef,
  make: (name: string, raw: Raw, at: SourceRef) => T,
): Record<string, T> {
  const out: Record<string, T> = {};
  if (!value || typeof value !== 'object') return out;
  for (const name of Object.keys(value).sort()) out[name] = make(name, ((value as Raw)[name] ?? {}) as Raw, at([key, name]));
  return out;
}

/** Env files in order; later files win, and the process environment wins over all of them. */
function readVariables(options: LoadOptions, projectDir: string, sink: DiagnosticSink): Map<string, string> {
  const variables = new Map<string, string>();
  const explicit = options.envFiles.length > 0;
  const files = explicit ? options.envFiles : [posix.join(projectDir, '.env')];
  for (const file of files) {
    const text = options.readFile(file);
    if (text === undefined) {
      if (explicit) sink.error('FILE_NOT_FOUND', `env file "${file}" does not exist`, undefined, 'check the --env-file path');
      continue;
    }
    const parsed = parseDotenv(text, file, (name) => options.environment[name] ?? variables.get(name));
    sink.add(parsed.diagnostics);
    for (const [name, value] of parsed.values) variables.set(name, value);
  }
  return variables;
}

function readComposeFile(
  file: string, readFile: (path: string) => string | undefined,
  lookup: (name: string) => string | undefined, sink: DiagnosticSink,
): { data: Raw; locate: Locate } | undefined {
  const text = readFile(file);
  if (text === undefined) {
    sink.error('FILE_NOT_FOUND', `compose file "${file}" does not exist`);
    return undefined;
  }
  if (text.includes('\u0000')) {
    sink.error('FILE_NOT_TEXT', `compose file "${file}" is not a text file`, { file, line: 1, col: 1 });
    return undefined;
  }
  const parsed = parseYaml(text, file);
  sink.add(parsed.diagnostics);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return undefined;
  if (parsed.data === null || parsed.data === undefined || typeof parsed.data !== 'object' || Array.isArray(parsed.data)) {
    const what = parsed.data === null || parsed.data === undefined ? 'is empty' : 'is not a mapping of compose keys';
    sink.error('YAML_NOT_MAPPING', `compose file "${file}" ${what}`, { file, line: 1, col: 1 }, 'a compose file starts with keys such as "services:"');
    return undefined;
  }
  const data = interpolateValue(parsed.data, [], lookup, (path, error) => {
    const where = parsed.locate(path, 'value') ?? { file, line: 1, col: 1 };
    const subject = path[0] === 'services' && path.length > 1 ? `service "${String(path[1])}": ` : '';
    const key = path.slice(path[0] === 'services' ? 2 : 0).join('.');
    if (error.kind === 'required') {
      sink.error('REQUIRED_VARIABLE', `${subject}${key}: ${error.message}`, where, `set ${error.variable ?? 'it'} in the environment or in .env`);
    } else {
      sink.error('INTERPOLATION_SYNTAX', `${subject}${key}: ${error.message}`, where, 'write "$$" for a literal "$"');
    }
  }) as Raw;
  return { data, locate: parsed.locate };
}

/** `extends:` in the same file or another one; the extending service wins, cycles are refused. */
function resolveExtends(
  merged: Raw, options: LoadOptions, lookup: (name: string) => string | undefined, sink: DiagnosticSink,
  at: (path: (string | number)[]) => SourceRef,
): void {
  const services = (merged.services ?? {}) as Record<string, Raw>;
  const done = new Set<string>();
  const resolve = (name: string, stack: string[]): Raw | undefined => {
    const service = services[name];
    if (!service) return undefined;
    if (done.has(name) || service.extends === undefined) return service;
    if (stack.includes(name)) {
      sink.error('EXTENDS', `service "${name}": extends forms a cycle (${[...stack, name].join(' → ')})`, at(['services', name, 'extends']));
      return undefined;
    }
    const spec = typeof service.extends === 'string' ? { service: service.extends } : (service.extends as { service: string; file?: string });
    let base: Raw | undefined;
    if (spec.file) {
      const dir = posix.dirname(options.files[0] ?? '.');
      const other = readComposeFile(posix.join(dir, spec.file), options.readFile, lookup, sink);
      base = ((other?.data.services ?? {}) as Record<string, Raw>)[spec.service];
    } else {
      base = resolve(spec.service, [...stack, name]);
    }
    if (!base) {
      if (!sink.hasErrors()) {
        const known = Object.keys(services);
        const hint = didYouMean(spec.service, known);
        sink.error('EXTENDS', `service "${name}": extends unknown service "${spec.service}"${spec.file ? ` in "${spec.file}"` : ''}`, at(['services', name, 'extends']), hint ? `did you mean "${hint}"?` : undefined);
      }
      return undefined;
    }
    const { extends: _ignored, ...own } = service;
    const { extends: _baseExtends, ...baseOwn } = base;
    const result = mergeService(baseOwn, own);
    services[name] = result;
    done.add(name);
    return result;
  };
  for (const name of Object.keys(services).sort()) resolve(name, []);
}

/** Services with `profiles:` run only when a profile names them, or a running service needs them. */
function activeServices(
  services: Record<string, Raw>, options: LoadOptions, sink: DiagnosticSink,
  at: (path: (string | number)[]) => SourceRef,
): Set<string> {
  const fromEnv = (options.environment.COMPOSE_PROFILES ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const selected = new Set([...options.profiles, ...fromEnv]);
  const active = new Set<string>();
  for (const [name, raw] of Object.entries(services)) {
    const profiles = Array.isArray(raw?.profiles) ? raw.profiles.map(String) : [];
    if (profiles.length === 0 || selected.has('*') || profiles.some((p) => selected.has(p))) active.add(name);
  }
  const queue = [...active];
  while (queue.length > 0) {
    const name = queue.pop()!;
    const deps = services[name]?.depends_on;
    const names = Array.isArray(deps) ? deps.map(String) : deps && typeof deps === 'object' ? Object.keys(deps) : [];
    for (const dep of names) {
      if (services[dep] && !active.has(dep)) {
        active.add(dep);
        queue.push(dep);
      }
    }
  }
  if (active.size === 0 && Object.keys(services).length > 0) {
    sink.warning('NOT_TRANSLATED', 'every service has a profile and none was selected, so nothing is converted', at(['services']), 'pass --profile NAME');
  }
  return active;
}

function projectNameOf(options: LoadOptions, merged: Raw, projectDir: string): string {
  const raw = options.projectName ?? (typeof merged.name === 'string' ? merged.name : undefined) ?? options.environment.COMPOSE_PROJECT_NAME ?? (posix.basename(projectDir) || 'app');
  return raw.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'app';
}
