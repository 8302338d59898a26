/**
 * Moves the relative paths of a service (or of top-level configs/secrets) from one folder to
 * another. compose resolves a file's relative paths against *its* project directory: a service
 * taken from another file by `extends: {file: …}` keeps paths relative to that file's folder, and
 * an `include`d project keeps paths relative to its own project directory (compose-go's
 * paths.ResolveRelativePaths, run on the extended/included model before it is merged).
 * compose2helm keeps every path relative to the main project directory instead of making it
 * absolute, so the output does not depend on where the project sits on disk.
 */
import { posix } from 'node:path';

type Raw = Record<string, unknown>;

/** Remote build contexts and absolute/home/Windows paths are left as written. */
function isRebaseable(path: string): boolean {
  if (path === '') return false;
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(path) || path.startsWith('git@') || path.startsWith('github.com/')) return false;
  return !(path.startsWith('/') || path.startsWith('~') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\'));
}

/** `path` (relative to `fromDir`) made relative to `toDir`; both dirs are cwd-relative POSIX. */
export function rebasePath(path: string, fromDir: string, toDir: string): string {
  if (fromDir === toDir || !isRebaseable(path)) return path;
  const full = posix.normalize(posix.join(fromDir || '.', path));
  const rel = posix.relative(toDir || '.', full) || '.';
  // Keep it visibly relative, so a bind source still reads as a path and not as a volume name.
  return rel === '.' || rel.startsWith('../') || rel === '..' ? rel : `./${rel}`;
}

/** A volume's short syntax `SOURCE:TARGET[:MODE]`, with its source rebased when it is a path. */
function rebaseVolume(entry: unknown, fromDir: string, toDir: string): unknown {
  if (typeof entry === 'string') {
    const colon = entry.indexOf(':');
    if (colon <= 0) return entry;
    const source = entry.slice(0, colon);
    if (!/^(\.|\/|~)/.test(source)) return entry; // a named volume
    return rebasePath(source, fromDir, toDir) + entry.slice(colon);
  }
  if (entry && typeof entry === 'object' && (entry as Raw).type === 'bind' && typeof (entry as Raw).source === 'string') {
    return { ...(entry as Raw), source: rebasePath((entry as Raw).source as string, fromDir, toDir) };
  }
  return entry;
}

function rebaseEnvFile(value: unknown, fromDir: string, toDir: string): unknown {
  const one = (entry: unknown): unknown => {
    if (typeof entry === 'string') return rebasePath(entry, fromDir, toDir);
    if (entry && typeof entry === 'object' && typeof (entry as Raw).path === 'string') {
      return { ...(entry as Raw), path: rebasePath((entry as Raw).path as string, fromDir, toDir) };
    }
    return entry;
  };
  return Array.isArray(value) ? value.map(one) : one(value);
}

/** The service's build context, env files, label files, bind sources and extends file. */
export function rebaseServicePaths(service: Raw, fromDir: string, toDir: string): Raw {
  if (fromDir === toDir) return service;
  const out: Raw = { ...service };
  if (typeof out.build === 'string') out.build = rebasePath(out.build, fromDir, toDir);
  else if (out.build && typeof out.build === 'object') {
    const build = { ...(out.build as Raw) };
    build.context = rebasePath(typeof build.context === 'string' ? build.context : '.', fromDir, toDir);
    out.build = build;
  }
  if (out.env_file !== undefined) out.env_file = rebaseEnvFile(out.env_file, fromDir, toDir);
  if (out.label_file !== undefined) out.label_file = rebaseEnvFile(out.label_file, fromDir, toDir);
  if (Array.isArray(out.volumes)) out.volumes = out.volumes.map((v) => rebaseVolume(v, fromDir, toDir));
  if (out.extends && typeof out.extends === 'object' && typeof (out.extends as Raw).file === 'string') {
    out.extends = { ...(out.extends as Raw), file: rebasePath((out.extends as Raw).file as string, fromDir, toDir) };
  }
  return out;
}

/** Top-level `configs:`/`secrets:` entries read from a `file:`. */
export function rebaseFileObjects(objects: unknown, fromDir: string, toDir: string): unknown {
  if (fromDir === toDir || !objects || typeof objects !== 'object') return objects;
  return Object.fromEntries(Object.entries(objects as Raw).map(([name, value]) => {
    if (value && typeof value === 'object' && typeof (value as Raw).file === 'string') {
      return [name, { ...(value as Raw), file: rebasePath((value as Raw).file as string, fromDir, toDir) }];
    }
    return [name, value];
  }));
}
