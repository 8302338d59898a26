/**
 * Holds the one-way dependency rule of architecture.md by reading the imports:
 * cli → pipeline → {compose, mappings, translate, emit, check}; translate → model; emit → model;
 * everyone may use text (dependency-free helpers);
 * everyone → diagnostics; model → nothing. Only io.ts (and main.ts) touch the filesystem, and
 * only main.ts reads process state.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/fixtures.js';

const SRC = join(REPO_ROOT, 'src');

/** Which top-level areas each area may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  'main.ts': ['cli', 'diagnostics', 'text'],
  cli: ['pipeline.ts', 'io.ts', 'check', 'emit', 'diagnostics', 'text'],
  'pipeline.ts': ['compose', 'mappings', 'translate', 'emit', 'check', 'diagnostics', 'text'],
  'io.ts': ['emit', 'text'],
  // mappings reuses the compose reader's positioned YAML parser.
  mappings: ['diagnostics', 'compose', 'text'],
  compose: ['diagnostics', 'text'],
  translate: ['model', 'compose', 'mappings', 'diagnostics', 'text'],
  emit: ['model', 'diagnostics', 'text'],
  check: ['emit', 'diagnostics', 'text'],
  diagnostics: ['text'],
  model: [],
  // Dependency-free helpers (ordering, records keyed by user-given names), shared by every area.
  text: [],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|js)$/.test(name) && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

function areaOf(file: string): string {
  return relative(SRC, file).split(/[\\/]/)[0]!;
}

const files = sourceFiles(SRC).map((file) => ({ file, area: areaOf(file), text: readFileSync(file, 'utf8') }));

describe('architecture', () => {
  it('knows every area', () => {
    expect(files.length).toBeGreaterThan(20);
    for (const { area } of files) expect(Object.keys(ALLOWED), `unknown area ${area}`).toContain(area);
  });

  it('keeps imports one-way', () => {
    const violations: string[] = [];
    for (const { file, area, text } of files) {
      for (const match of text.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
        const target = posix.normalize(posix.join(posix.dirname(relative(SRC, file).split('\\').join('/')), match[1]!));
        const targetArea = target.split('/')[0]!.replace(/\.js$/, '.ts');
        if (targetArea === area) continue;
        if (!ALLOWED[area]?.includes(targetArea)) violations.push(`${relative(REPO_ROOT, file)} imports ${match[1]} (${area} → ${targetArea})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('lets only io.ts and main.ts touch the filesystem and process state', () => {
    const offenders = files
      .filter(({ file }) => !/src[\\/](io|main)\.ts$/.test(file))
      .filter(({ text }) => /from 'node:fs'|\bprocess\.(env|cwd|argv|exit|stdout|stderr)/.test(text))
      .map(({ file }) => relative(REPO_ROOT, file));
    expect(offenders).toEqual([]);
  });

  it('keeps the model free of imports', () => {
    const model = files.filter((f) => f.area === 'model');
    expect(model.length).toBeGreaterThan(0);
    for (const { text } of model) expect(text).not.toMatch(/^import /m);
  });
});
