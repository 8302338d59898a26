/**
 * One compose file → interpolated data plus a locator, or nothing (with the reason reported).
 * Shared by the main files, `extends: {file: …}` targets and `include`d files; each project
 * (the main one, each included one) reads through its own ProjectContext.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import { interpolateValue, type Lookup } from './interpolate.js';
import { parseYaml, type Locate } from './parse-yaml.js';

export type Raw = Record<string, unknown>;

/** A compose file read into data; `locate` maps a data path back to where it is written. */
export interface ComposeModel {
  data: Raw;
  locate: Locate;
}

export interface ProjectContext {
  /** Folder this project's relative paths resolve against (cwd-relative POSIX; '' = cwd). */
  workingDir: string;
  /** Variables for interpolation: the process environment over the project's env files. */
  lookup: Lookup;
  readFile: (path: string) => string | undefined;
  sink: DiagnosticSink;
  /** Files being included, outermost first, to refuse include cycles. */
  includeChain: string[];
  /** Files already read for this project, so a file extended twice is read and reported once. */
  cache: Map<string, ComposeModel | undefined>;
}

/** `remote:x`, `git@…`, `https://…`, `oci://…`: resources compose-go fetches; `C:\x` is a path. */
export function isRemoteReference(path: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(path) || path.startsWith('git@');
}

/** Reads, parses and interpolates `file`; reports why when it cannot. Missing files are the caller's to report. */
export function readComposeFile(file: string, ctx: ProjectContext): ComposeModel | undefined {
  if (ctx.cache.has(file)) return ctx.cache.get(file);
  const model = readUncached(file, ctx);
  ctx.cache.set(file, model);
  return model;
}

function readUncached(file: string, ctx: ProjectContext): ComposeModel | undefined {
  const { sink } = ctx;
  const text = ctx.readFile(file);
  if (text === undefined) return undefined;
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
  const data = interpolateValue(parsed.data, [], ctx.lookup, (path, error) => {
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
