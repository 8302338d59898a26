/**
 * The only module that touches the filesystem. Reads inputs relative to the working directory,
 * reads the current out/ tree, and writes a new tree atomically: the whole tree is written to a
 * temporary folder beside out/ and swapped in with renames, so a crash or an error leaves either
 * the old out/ or the new one, never a mix.
 */
import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import type { FileTree } from './emit/file-tree.js';

/** Working-directory-relative POSIX path for display and for the pure pipeline. */
export function toPosixRelative(cwd: string, path: string): string {
  const rel = relative(cwd, resolve(cwd, path));
  return rel.split(sep).join('/') || '.';
}

export function makeReader(cwd: string) {
  return {
    readFile(path: string): string | undefined {
      const full = resolve(cwd, path);
      try {
        if (!statSync(full).isFile()) return undefined;
        return readFileSync(full, 'utf8');
      } catch {
        return undefined;
      }
    },
    /** `path` with symbolic links resolved, relative to the working directory (POSIX). */
    realPath(path: string): string | undefined {
      try {
        return toPosixRelative(cwd, realpathSync(resolve(cwd, path)));
      } catch {
        return undefined;
      }
    },
    /** Files (recursively, POSIX paths relative to the folder) when `path` is a folder. */
    listDir(path: string): string[] | undefined {
      const full = resolve(cwd, path);
      try {
        if (!statSync(full).isDirectory()) return undefined;
      } catch {
        return undefined;
      }
      return listFiles(full).sort();
    },
  };
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(join(dir, entry.name), rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

/** The compose files docker compose would pick in `dir`, plus the override file when present. */
export function discoverComposeFiles(cwd: string): string[] {
  const candidates = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
  const main = candidates.find((name) => existsSync(join(cwd, name)));
  if (!main) return [];
  const stem = main.replace(/\.ya?ml$/, '');
  const override = [`${stem}.override.yaml`, `${stem}.override.yml`].find((name) => existsSync(join(cwd, name)));
  return override ? [main, override] : [main];
}

export function folderExists(cwd: string, path: string): boolean {
  try {
    return statSync(resolve(cwd, path)).isDirectory();
  } catch {
    return false;
  }
}

/** `*.yaml`/`*.yml` files of the mappings folder, read. Empty when the folder does not exist. */
export function readMappingFiles(cwd: string, dir: string): { path: string; text: string }[] | undefined {
  const full = resolve(cwd, dir);
  if (!existsSync(full)) return undefined;
  return readdirSync(full)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ path: posix.join(toPosixRelative(cwd, dir), name), text: readFileSync(join(full, name), 'utf8') }));
}

/** The files under `dir` as a tree (POSIX paths); symlinks are listed but never followed. */
export function readTree(dir: string): Map<string, string> {
  const tree = new Map<string, string>();
  if (!existsSync(dir)) return tree;
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full, rel);
      else if (entry.isSymbolicLink()) tree.set(rel, `(symbolic link)`);
      else if (entry.isFile()) tree.set(rel, readFileSync(full, 'utf8'));
    }
  };
  walk(dir, '');
  return tree;
}

export interface WriteOptions {
  /** Test hook: called after each file is written to the staging folder. */
  afterFile?: (path: string) => void;
  /**
   * The tree in `outDir` as the caller has just read it (readTree, after recoverInterruptedSwap),
   * so it is not read twice: 0.1 s of a 1,000-service `migrate`. Read here when omitted.
   */
  current?: ReadonlyMap<string, string>;
}

/** Beside out/: where the next tree is assembled, and where the previous one waits during the swap. */
export function stagingPaths(outDir: string): { staging: string; backup: string } {
  const parent = dirname(resolve(outDir));
  const base = resolve(outDir).split(sep).pop() || 'out';
  return { staging: join(parent, `.${base}.compose2helm-staging`), backup: join(parent, `.${base}.compose2helm-previous`) };
}

/**
 * Replaces `outDir` with `tree`, plus the old files listed in `keep` (files compose2helm did not
 * generate). The new tree is assembled in a staging folder beside out/; unchanged and kept files
 * are hard-linked from the old tree (their inode and mtime stay), so the old tree is untouched
 * until two renames swap the folders. A failure before the swap removes the staging folder; a
 * failure between the renames puts the old folder back; a crash between them is repaired by the
 * next run, which finds the previous tree in the backup folder and restores it.
 */
export function writeTreeAtomically(outDir: string, tree: FileTree, keep: Iterable<string>, options: WriteOptions = {}): void {
  const target = resolve(outDir);
  const { staging, backup } = stagingPaths(target);
  mkdirSync(dirname(target), { recursive: true });
  recoverInterruptedSwap(target);
  rmSync(staging, { recursive: true, force: true });
  const old = options.current ?? (existsSync(target) ? readTree(target) : new Map<string, string>());
  // Each folder is made once (a recursive mkdir per file was ~0.1 s of a 1,000-service tree).
  const made = new Set<string>();
  const folderFor = (file: string) => {
    const folder = dirname(file);
    if (!made.has(folder)) mkdirSync(folder, { recursive: true });
    made.add(folder);
  };
  try {
    mkdirSync(staging, { recursive: true });
    for (const [path, text] of tree) {
      const file = join(staging, ...path.split('/'));
      folderFor(file);
      const source = join(target, ...path.split('/'));
      // An unchanged file is linked, not rewritten, so its mtime stays; symlinks are never followed.
      if (old.get(path) === text && !lstatSync(source).isSymbolicLink()) linkSync(source, file);
      else writeFileSync(file, text);
      options.afterFile?.(path);
    }
    for (const path of keep) {
      if (tree.has(path) || !old.has(path)) continue;
      const file = join(staging, ...path.split('/'));
      folderFor(file);
      linkSync(join(target, ...path.split('/')), file);
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const hadOld = existsSync(target);
  if (hadOld) renameSync(target, backup);
  try {
    renameSync(staging, target);
  } catch (error) {
    if (hadOld) renameSync(backup, target);
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  rmSync(backup, { recursive: true, force: true });
}

/**
 * A backup folder left by a crash mid-swap is the last good out/: restore it, or drop it if the
 * swap finished; a staging folder left by a crash is half a tree: drop it. Call it before reading
 * out/, so the files the backup holds are seen (and kept).
 */
export function recoverInterruptedSwap(outDir: string): void {
  const target = resolve(outDir);
  const { staging, backup } = stagingPaths(target);
  rmSync(staging, { recursive: true, force: true });
  if (!existsSync(backup)) return;
  if (existsSync(target)) rmSync(backup, { recursive: true, force: true });
  else renameSync(backup, target);
}
