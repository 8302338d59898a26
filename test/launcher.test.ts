/**
 * bin/compose2helm.js runs the bundle (dist/compose2helm.cjs) through a V8 code cache that it
 * writes itself. A cache must never change what runs: these tests work on a scratch install (bin,
 * dist bundle, package.json, node_modules linked) and check that the cache is written when
 * missing, left alone when valid, replaced after the first conversion when a run that converted
 * nothing made it, and replaced — with the run still correct — when it is corrupt or was made
 * from another build of the bundle.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/fixtures.js';

let install: string;
let bundle: string;
let cache: string;
const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(() => {
  install = mkdtempSync(join(tmpdir(), 'c2h-launcher-'));
  mkdirSync(join(install, 'bin'));
  mkdirSync(join(install, 'dist'));
  cpSync(join(REPO_ROOT, 'bin', 'compose2helm.js'), join(install, 'bin', 'compose2helm.js'));
  cpSync(join(REPO_ROOT, 'bin', 'package.json'), join(install, 'bin', 'package.json'));
  cpSync(join(REPO_ROOT, 'dist', 'compose2helm.cjs'), join(install, 'dist', 'compose2helm.cjs'));
  cpSync(join(REPO_ROOT, 'package.json'), join(install, 'package.json'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(install, 'node_modules'));
  bundle = join(install, 'dist', 'compose2helm.cjs');
  cache = `${bundle}.v8-cache`;
});
afterAll(() => rmSync(install, { recursive: true, force: true }));

/** Runs the scratch install's CLI on the platform's compose file (read-only: --check). */
function run(...args: string[]) {
  const r = spawnSync(process.execPath, [join(install, 'bin', 'compose2helm.js'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The header naming the bundle build a cache belongs to (size and mtime) and whether the run that
 * made it converted a project (`full`) or not (`partial`: --version, --help).
 */
function stampOf(file: string, kind: 'full' | 'partial'): string {
  const { size, mtimeMs } = statSync(file);
  return `${size}:${mtimeMs}:${kind}\n`;
}

describe('launcher code cache', () => {
  it('reads a bundle that is pure ASCII, so Latin-1 decoding is exact', () => {
    const bytes = readFileSync(bundle);
    expect(bytes.length).toBeGreaterThan(100_000);
    expect(bytes.findIndex((b) => b > 0x7f)).toBe(-1);
    // The one non-ASCII character in a regular expression of src/ survives as an escape.
    expect(bytes.toString('latin1')).toContain('us|\\u00b5s|ms');
  });

  it('writes a cache stamped with the bundle it was made from, on the first run', () => {
    expect(existsSync(cache)).toBe(false);
    const r = run('--version');
    expect(r).toMatchObject({ code: 0, stdout: `${version}\n` });
    const written = readFileSync(cache);
    expect(written.subarray(0, stampOf(bundle, 'partial').length).toString()).toBe(stampOf(bundle, 'partial'));
    // More than the stamp: V8's serialized code follows it.
    expect(written.length).toBeGreaterThan(10_000);
  });

  it('replaces a cache made by a run that converted nothing after the first conversion, then keeps it', () => {
    const partial = readFileSync(cache);
    expect(run('--help').code).toBe(0);
    expect(run('migrate', '--help').code).toBe(0);
    expect(readFileSync(cache).equals(partial)).toBe(true);

    expect(run('migrate', '--check')).toMatchObject({ code: 0, stdout: expect.stringMatching(/out\/ is up to date/) });
    const full = readFileSync(cache);
    expect(full.subarray(0, stampOf(bundle, 'full').length).toString()).toBe(stampOf(bundle, 'full'));
    // It holds the code of the whole pipeline, not only of the command line.
    expect(full.length).toBeGreaterThan(partial.length * 2);

    expect(run('--version').stdout).toBe(`${version}\n`);
    expect(readFileSync(cache).equals(full)).toBe(true);
  });

  it('leaves a valid cache alone and gives the same result as without one', () => {
    const before = readFileSync(cache);
    const mtime = statSync(cache).mtimeMs;
    const withCache = run('migrate', '--check');
    expect(readFileSync(cache).equals(before)).toBe(true);
    expect(statSync(cache).mtimeMs).toBe(mtime);

    rmSync(cache);
    const without = run('migrate', '--check');
    expect(withCache).toEqual(without);
    expect(without.code).toBe(0);
    expect(without.stdout).toMatch(/out\/ is up to date/);
  });

  it('replaces a corrupt cache, and the run is unaffected', () => {
    run('--version');
    const stamp = stampOf(bundle, 'full');
    writeFileSync(cache, Buffer.concat([Buffer.from(stamp), Buffer.alloc(50_000, 7)]));
    const r = run('migrate', '--check');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/out\/ is up to date/);
    const rewritten = readFileSync(cache);
    expect(rewritten.subarray(stamp.length, stamp.length + 64).equals(Buffer.alloc(64, 7))).toBe(false);
  });

  it('does not use a cache made from another build of the bundle', () => {
    run('--version');
    const old = readFileSync(cache).subarray(0, 64).toString();
    // A rebuilt bundle of the same length (V8 itself would accept the old cache): a new mtime.
    const later = new Date(statSync(bundle).mtimeMs + 60_000);
    utimesSync(bundle, later, later);
    expect(run('--version').stdout).toBe(`${version}\n`);
    const stamp = stampOf(bundle, 'partial');
    expect(old.startsWith(stamp.replace(/partial\n$/, ''))).toBe(false);
    expect(readFileSync(cache).subarray(0, stamp.length).toString()).toBe(stamp);
  });

  it('says how to build a missing bundle, with exit code 2 and no stack trace', () => {
    renameSync(bundle, `${bundle}.away`);
    try {
      const r = run('--version');
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^compose2helm: \S*dist\/compose2helm\.cjs is missing; run `npm install` \(or `npm run build`\) in \S+ first\n$/);
    } finally {
      renameSync(`${bundle}.away`, bundle);
    }
  });
});
