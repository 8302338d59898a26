/**
 * `compose2helm migrate`: resolve the CLI options into pipeline input, run it, then write out/
 * atomically or compare with it (`--check`). Returns the exit code; only main.ts touches process.
 */
import { basename, resolve } from 'node:path';
import { generate } from '../pipeline.js';
import { compareTrees, manifestPaths, manifestText, MANIFEST_PATH } from '../check/compare-trees.js';
import { fileTree, type FileTree } from '../emit/file-tree.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { discoverComposeFiles, folderExists, makeReader, readMappingFiles, readTree, toPosixRelative, writeTreeAtomically } from '../io.js';
import { EXIT } from './exit-codes.js';
import { makeMasker, printComparison, printDiagnostics, type Format, type Printer } from './output.js';

export interface MigrateOptions {
  file: string[];
  mappings?: string;
  out: string;
  envFile: string[];
  profile: string[];
  name?: string;
  check: boolean;
  format: Format;
}

export interface RunContext {
  cwd: string;
  environment: Record<string, string | undefined>;
  printer: Printer;
  /** Test hook passed to the writer. */
  afterFile?: (path: string) => void;
}

/** Resolves options, runs the pipeline, and adds the manifest of generated files. */
export function buildTree(options: MigrateOptions, ctx: Pick<RunContext, 'cwd' | 'environment'>):
  { tree?: FileTree; diagnostics: Diagnostic[]; secretValues: string[]; outDir: string } {
  const { cwd } = ctx;
  const usage = (message: string) => ({ diagnostics: [{ code: 'USAGE', severity: 'error', message } as Diagnostic], secretValues: [], outDir: options.out });
  const composeFiles = options.file.length > 0 ? options.file.map((f) => toPosixRelative(cwd, f)) : discoverComposeFiles(cwd);
  if (composeFiles.length === 0) return usage('no compose file found (looked for compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml); pass -f FILE');
  const mappingsDir = options.mappings ?? (folderExists(cwd, 'mappings') ? 'mappings' : undefined);
  const mappingFiles = mappingsDir === undefined ? [] : readMappingFiles(cwd, mappingsDir);
  if (mappingFiles === undefined) return usage(`mappings folder "${mappingsDir}" does not exist`);
  const outDir = toPosixRelative(cwd, options.out);
  const reader = makeReader(cwd);
  const first = composeFiles[0]!;
  const projectDir = first.includes('/') ? first.slice(0, first.lastIndexOf('/')) : '.';
  // compose's default project name is the folder's name.
  const projectName = options.name ?? (hasTopLevelName(reader.readFile(first)) ? undefined : basename(resolve(cwd, projectDir)));
  const result = generate({
    composeFiles,
    envFiles: options.envFile.map((f) => toPosixRelative(cwd, f)),
    environment: ctx.environment,
    profiles: options.profile,
    ...(projectName !== undefined ? { projectName } : {}),
    mappingFiles,
    outDir,
    readFile: reader.readFile,
    listDir: reader.listDir,
    realPath: reader.realPath,
  });
  if (!result.tree) return { diagnostics: result.diagnostics, secretValues: result.secretValues, outDir };
  const tree = fileTree([...result.tree].map(([path, text]) => ({ path, text })).concat([{ path: MANIFEST_PATH, text: manifestText(result.tree.keys()) }]));
  return { tree, diagnostics: result.diagnostics, secretValues: result.secretValues, outDir };
}

export function runMigrate(options: MigrateOptions, ctx: RunContext): number {
  const { cwd, printer } = ctx;
  const result = buildTree(options, ctx);
  const { outDir } = result;
  const mask = makeMasker(result.secretValues);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !result.tree) {
    report(ctx, options.format, result.diagnostics, mask, { status: 'invalid' });
    if (options.format === 'text') printer.err(`compose2helm: ${errors.length} error(s); ${outDir}/ was not changed.`);
    return EXIT.invalid;
  }
  const generated = result.tree;
  const onDisk = readTree(resolve(cwd, outDir));
  const comparison = compareTrees(generated, onDisk, mask);
  const owned = manifestPaths(onDisk.get(MANIFEST_PATH));

  if (options.check) {
    const drift = comparison.changes.length > 0;
    report(ctx, options.format, result.diagnostics, mask, {
      status: drift ? 'drift' : 'up-to-date', changes: comparison.changes, unexpected: comparison.unexpected,
    });
    if (options.format !== 'json') printComparison(printer, options.format, outDir, comparison);
    if (options.format === 'text') {
      printer.out(drift
        ? `${outDir}/ is out of date: ${comparison.changes.length} file(s) differ from what the inputs generate. Run \`compose2helm migrate\` to regenerate it, then commit.`
        : `${outDir}/ is up to date (${generated.size} files).`);
    }
    return drift ? EXIT.drift : EXIT.ok;
  }

  // Never overwrite a file someone else put in out/.
  const clobbered = comparison.changes.filter((c) => c.status === 'changed' && !owned.has(c.path) && c.path !== MANIFEST_PATH && onDisk.has(MANIFEST_PATH));
  if (clobbered.length > 0) {
    report(ctx, options.format, clobbered.map((c) => ({ code: 'USAGE', severity: 'error', message: `${outDir}/${c.path} exists and was not generated by compose2helm; refusing to overwrite it` } as Diagnostic)), mask, { status: 'invalid' });
    return EXIT.invalid;
  }
  writeTreeAtomically(resolve(cwd, outDir), generated, comparison.unexpected, ctx.afterFile ? { afterFile: ctx.afterFile } : {});
  report(ctx, options.format, result.diagnostics, mask, { status: 'written', changes: comparison.changes, unexpected: comparison.unexpected });
  if (options.format === 'text') {
    for (const u of comparison.unexpected) printer.err(`note: ${outDir}/${u} was not generated by compose2helm; kept as is`);
    printer.out(comparison.changes.length === 0
      ? `${outDir}/ is already up to date (${generated.size} files).`
      : `wrote ${outDir}/: ${comparison.changes.length} file(s) changed of ${generated.size}.`);
  }
  return EXIT.ok;
}

function hasTopLevelName(text: string | undefined): boolean {
  return text !== undefined && /^name\s*:/m.test(text);
}

function report(
  ctx: RunContext, format: Format, diagnostics: Diagnostic[], mask: (t: string) => string,
  extra: { status: string; changes?: { path: string; status: string; diff: string }[]; unexpected?: string[] },
): void {
  if (format === 'json') {
    ctx.printer.out(JSON.stringify({
      status: extra.status,
      diagnostics: diagnostics.map((d) => ({ ...d, message: mask(d.message) })),
      changes: extra.changes ?? [],
      unexpected: extra.unexpected ?? [],
    }, null, 2));
    return;
  }
  printDiagnostics(ctx.printer, format, diagnostics, mask);
}
