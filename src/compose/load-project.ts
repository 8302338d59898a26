/**
 * Reads a compose project the way `docker compose config` does: every file parsed with
 * positions, variables interpolated (shell environment over env files), files merged in order,
 * `extends` resolved, profiles applied, the result validated against the Compose schema and
 * normalised. Pure: files come through `readFile`, the environment through `environment`.
 */
import { posix } from 'node:path';
import { DiagnosticSink, type SourceRef } from '../diagnostics/diagnostic.js';
import type { Locate } from './parse-yaml.js';
import { parseDotenv } from './dotenv.js';
import { mergeComposeDocuments } from './merge-files.js';
import { loadModel } from './load-model.js';
import type { ProjectContext } from './read-compose-file.js';
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

  const ctx: ProjectContext = {
    workingDir: projectDir, lookup, readFile: options.readFile, sink, includeChain: [], cache: new Map(),
  };
  let merged: Raw = {};
  for (const file of options.files) {
    if (options.readFile(file) === undefined) {
      sink.error('FILE_NOT_FOUND', `compose file "${file}" does not exist`);
      continue;
    }
    const model = loadModel(file, ctx);
    if (!model) continue;
    locators.push(model.locate);
    merged = mergeComposeDocuments(merged, model.data);
  }
  if (sink.hasErrors()) return { sink, locate };
  // mergeComposeDocuments has already passed every value through stripDirectives: `merged` is
  // plain data, and stripping it again only copied the whole project once more.

  const schemaProblems = validateComposeSchema(merged, locate);
  sink.add(schemaProblems);
  if (sink.hasErrors()) return { sink, locate };

  const services = (merged.services ?? {}) as Record<string, Raw>;
  const active = activeServices(services, options.profiles, lookup, sink, at);

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

/** Services with `profiles:` run only when a profile names them, or a running service needs them. */
function activeServices(
  services: Record<string, Raw>, profiles: string[], lookup: (name: string) => string | undefined, sink: DiagnosticSink,
  at: (path: (string | number)[]) => SourceRef,
): Set<string> {
  // compose reads COMPOSE_PROFILES from the shell or from .env, and ignores it when --profile is given.
  const fromEnv = profiles.length > 0 ? [] : (lookup('COMPOSE_PROFILES') ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const selected = new Set([...profiles, ...fromEnv]);
  const active = new Set<string>();
  for (const [name, raw] of Object.entries(services)) {
    const own = Array.isArray(raw?.profiles) ? raw.profiles.map(String) : [];
    if (own.length === 0 || selected.has('*') || own.some((p) => selected.has(p))) active.add(name);
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
