/**
 * `extends:` within one file, before files are merged (compose-go's ApplyExtends, run per file).
 * The base comes from the same file or from `extends.file`, which is relative to the project's
 * working directory (for a file that is itself an extends target: relative to that file's
 * folder). A base from another file is read with its own relative paths, then rebased; the
 * extending service's keys are merged over it with the same rules as `-f a -f b`.
 *
 * Positions survive: a key the service inherits is located where the base writes it.
 */
import { posix } from 'node:path';
import type { SourceRef } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import { mergeService } from './merge-files.js';
import type { Locate } from './parse-yaml.js';
import { rebaseServicePaths } from './rebase-paths.js';
import { isRemoteReference, readComposeFile, type ComposeModel, type ProjectContext, type Raw } from './read-compose-file.js';

/** Resolves extends for one file; shared by every file extending a service in it. */
interface FileResolver {
  locate: Locate;
  services: Record<string, unknown>;
  resolve(name: string, chain: string[]): Raw | undefined;
}

/** Returns the file's data with every `extends` resolved, and a locator that knows inherited keys. */
export function applyExtends(model: ComposeModel, file: string, ctx: ProjectContext): ComposeModel {
  const resolvers = new Map<string, FileResolver>();
  const resolver = makeResolver(model, file, ctx, resolvers);
  for (const name of Object.keys(resolver.services).sort()) resolver.resolve(name, []);
  if (!model.data.services || typeof model.data.services !== 'object') return { data: model.data, locate: resolver.locate };
  return { data: { ...model.data, services: resolver.services }, locate: resolver.locate };
}

function makeResolver(model: ComposeModel, file: string, ctx: ProjectContext, resolvers: Map<string, FileResolver>): FileResolver {
  const { sink } = ctx;
  const raw = model.data.services;
  const services: Record<string, unknown> = raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...(raw as Raw) } : {};
  /** Per extending service: where its inherited keys are written. */
  const inherited = new Map<string, Locate>();
  const locate: Locate = (path, want) => {
    const own = model.locate(path, want);
    if (own || path[0] !== 'services' || typeof path[1] !== 'string') return own;
    return inherited.get(path[1])?.(path, want);
  };
  const at = (path: (string | number)[]): SourceRef => {
    for (let n = path.length; n > 0; n--) {
      const found = locate(path.slice(0, n), 'value');
      if (found) return found;
    }
    return { file, line: 1, col: 1 };
  };
  const done = new Set<string>();
  /** Services whose extends was refused: reported once, even when several services extend them. */
  const failed = new Set<string>();

  const resolve = (name: string, chain: string[]): Raw | undefined => {
    if (failed.has(name)) return undefined;
    const result = resolveOnce(name, chain);
    if (!result && services[name]) failed.add(name);
    return result;
  };
  const resolveOnce = (name: string, chain: string[]): Raw | undefined => {
    const service = services[name];
    if (!service || typeof service !== 'object') return service as Raw | undefined;
    const own = service as Raw;
    if (done.has(name) || own.extends === undefined) return own;
    const link = `${file}#${name}`;
    const where = at(['services', name, 'extends']);
    if (chain.includes(link)) {
      const cycle = [...chain, link].map((l) => l.split('#')[1]);
      sink.error('EXTENDS', `service "${name}": extends forms a cycle (${cycle.join(' → ')})`, where, 'a service cannot extend itself, directly or through others');
      return undefined;
    }
    const spec = typeof own.extends === 'string' ? { service: own.extends } : (own.extends as { service?: unknown; file?: unknown });
    if (typeof spec.service !== 'string') {
      sink.error('EXTENDS', `service "${name}": extends needs the name of a service`, where);
      return undefined;
    }
    let base: Raw | undefined;
    let baseLocate: Locate;
    let baseDir = ctx.workingDir;
    if (typeof spec.file === 'string') {
      const fileAt = at(['services', name, 'extends', 'file']);
      if (isRemoteReference(spec.file)) {
        sink.error('EXTENDS', `service "${name}": extends.file "${spec.file}" is a remote resource; compose2helm reads local files only`, fileAt, 'copy the file into the project and point extends.file at it');
        return undefined;
      }
      const path = posix.normalize(posix.join(ctx.workingDir || '.', spec.file));
      let other = resolvers.get(path);
      if (!other) {
        if (ctx.readFile(path) === undefined) {
          sink.error('EXTENDS', `service "${name}": extends.file "${spec.file}" does not exist`, fileAt, `the path is relative to ${ctx.workingDir ? `"${ctx.workingDir}/"` : 'the project folder'}`);
          return undefined;
        }
        const otherModel = readComposeFile(path, { ...ctx, workingDir: posix.dirname(path) === '.' ? '' : posix.dirname(path) });
        if (!otherModel) return undefined;
        other = path === file ? undefined : makeResolver(otherModel, path, { ...ctx, workingDir: dirOf(path) }, resolvers);
        if (other) resolvers.set(path, other);
      }
      const target = other ?? { services, resolve, locate };
      if (!target.services[spec.service]) {
        const hint = didYouMean(spec.service, Object.keys(target.services));
        sink.error('EXTENDS', `service "${name}": extends unknown service "${spec.service}" in "${spec.file}"`, at(['services', name, 'extends', 'service']), hint ? `did you mean "${hint}"?` : undefined);
        return undefined;
      }
      base = target.resolve(spec.service, [...chain, link]);
      baseLocate = target.locate;
      if (other) baseDir = dirOf(path);
    } else {
      if (!services[spec.service]) {
        const hint = didYouMean(spec.service, Object.keys(services).filter((s) => s !== name));
        const serviceAt = typeof own.extends === 'string' ? where : at(['services', name, 'extends', 'service']);
        sink.error('EXTENDS', `service "${name}": extends unknown service "${spec.service}"`, serviceAt, hint ? `did you mean "${hint}"?` : undefined);
        return undefined;
      }
      base = resolve(spec.service, [...chain, link]);
      baseLocate = locate;
    }
    if (!base) return undefined;
    const { extends: _baseExtends, ...baseOwn } = base;
    const { extends: _ownExtends, ...rest } = own;
    const merged = mergeService(rebaseServicePaths(baseOwn, baseDir, ctx.workingDir), rest);
    services[name] = merged;
    done.add(name);
    const baseName = spec.service;
    inherited.set(name, (path, want) => baseLocate(['services', baseName, ...path.slice(2)], want));
    return merged;
  };
  return { locate, services, resolve };
}

function dirOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === '.' ? '' : dir;
}
