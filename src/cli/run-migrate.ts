/**
 * `compose2helm migrate`: resolve the CLI options into pipeline input, run it, then write out/
 * atomically or compare with it (`--check`). Returns the exit code; only main.ts touches process.
 */
import { basename, isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { generate } from '../pipeline.js';
import { compareTrees, manifestText, MANIFEST_PATH, type TreeComparison } from '../check/compare-trees.js';
import { committedSecretValues, DEV_VALUES_PATH, secretMasker } from '../check/mask-secrets.js';
import { fileTree, type FileTree } from '../emit/file-tree.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { discoverComposeFiles, folderExists, makeReader, readMappingFiles, readTree, recoverInterruptedSwap, toPosixRelative, writeTreeAtomically } from '../io.js';
import { EXIT } from './exit-codes.js';
import { checkSummary, printComparison, printDiagnostics, type Format, type Printer } from './output.js';

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
  // Every path the pipeline sees is relative to the project directory (the first compose file's
  // folder), not to the working directory: the report quotes them, and out/ must be the same
  // bytes whichever folder compose2helm was started from. Diagnostics are shown cwd-relative.
  const root = resolve(cwd, posix.dirname(composeFiles[0]!));
  const fromRoot = (path: string) => toPosixRelative(root, resolve(cwd, path));
  const mappingsDir = options.mappings ?? (folderExists(cwd, 'mappings') ? 'mappings' : undefined);
  const mappingFiles = mappingsDir === undefined ? [] : readMappingFiles(root, fromRoot(mappingsDir));
  if (mappingFiles === undefined) return usage(`mappings folder "${mappingsDir}" does not exist`);
  const outDir = toPosixRelative(cwd, options.out);
  const inputs = { composeFiles: composeFiles.map(fromRoot), envFiles: options.envFile.map(fromRoot), outDir: fromRoot(options.out) };
  // migrate swaps the whole folder; an out/ that holds the inputs would move them too.
  const insideOut = [...inputs.composeFiles, ...inputs.envFiles, ...(mappingsDir ? [fromRoot(mappingsDir)] : [])]
    .find((input) => contains(resolve(root, inputs.outDir), resolve(root, input)));
  if (insideOut !== undefined) return usage(`--out "${options.out}" contains the input ${toPosixRelative(cwd, resolve(root, insideOut))}; choose an output folder of its own (default: out)`);
  const reader = makeReader(root);
  const first = inputs.composeFiles[0]!;
  // compose's default project name is the folder's name.
  const projectName = options.name ?? (hasTopLevelName(reader.readFile(first)) ? undefined : basename(root));
  const result = generate({
    composeFiles: inputs.composeFiles,
    envFiles: inputs.envFiles,
    environment: ctx.environment,
    profiles: options.profile,
    ...(projectName !== undefined ? { projectName } : {}),
    mappingFiles,
    outDir: inputs.outDir,
    readFile: reader.readFile,
    listDir: reader.listDir,
    realPath: reader.realPath,
  });
  const diagnostics = result.diagnostics.map((d) => (d.at ? { ...d, at: { ...d.at, file: toPosixRelative(cwd, resolve(root, d.at.file)) } } : d));
  if (!result.tree) return { diagnostics, secretValues: result.secretValues, outDir };
  const tree = fileTree([...result.tree].map(([path, text]) => ({ path, text })).concat([{ path: MANIFEST_PATH, text: manifestText(result.tree.keys()) }]));
  return { tree, diagnostics, secretValues: result.secretValues, outDir };
}

/** Whether folder `outer` is, or holds, `path`. */
function contains(outer: string, path: string): boolean {
  const rel = relative(resolve(outer), resolve(path));
  return rel === '' || (rel.split(sep)[0] !== '..' && !isAbsolute(rel));
}

export function runMigrate(options: MigrateOptions, ctx: RunContext): number {
  const { cwd, printer } = ctx;
  const result = buildTree(options, ctx);
  const { outDir } = result;
  const mask = secretMasker(result.secretValues);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !result.tree) {
    report(ctx, options.format, result.diagnostics, mask, { status: 'invalid', exitCode: EXIT.invalid, outDir });
    if (options.format === 'text') printer.err(`compose2helm: ${errors.length} error(s); ${outDir}/ was not changed.`);
    return EXIT.invalid;
  }
  const generated = result.tree;
  if (!options.check) recoverInterruptedSwap(resolve(cwd, outDir));
  const onDisk = readTree(resolve(cwd, outDir));
  // Secrets of earlier runs sit in the committed values-dev.yaml; its old lines reach the diff.
  const diffMask = secretMasker(result.secretValues, committedSecretValues(onDisk.get(DEV_VALUES_PATH)));
  const comparison = compareTrees(generated, onDisk, diffMask, { label: outDir });
  const regenerate = regenerateCommand(options);

  if (options.check) {
    // Files compose2helm did not generate are reported but are not drift: other tools put files
    // in out/ too (helm dependency build writes chart/charts/ and Chart.lock), and migrate never
    // touches them, so failing CI on them would fail it on something migrate cannot fix.
    const drift = comparison.changes.length > 0;
    const exitCode = drift ? EXIT.drift : EXIT.ok;
    report(ctx, options.format, result.diagnostics, diffMask, { status: drift ? 'drift' : 'up-to-date', exitCode, outDir, comparison });
    printComparison(printer, options.format, outDir, comparison, regenerate);
    if (options.format !== 'json') printer.out(checkSummary(outDir, comparison, generated.size, regenerate));
    return exitCode;
  }

  // Never overwrite a file someone else put in out/.
  if (comparison.conflicts.length > 0) {
    const refusals = comparison.conflicts.map((path): Diagnostic => ({
      code: 'USAGE', severity: 'error',
      message: `${outDir}/${path} would be overwritten, but compose2helm did not generate what is there now (it is not in ${outDir}/${MANIFEST_PATH}); refusing to write ${outDir}/`,
      hint: 'move that file out of the way, then run compose2helm migrate again',
    }));
    report(ctx, options.format, [...result.diagnostics, ...refusals], diffMask, { status: 'invalid', exitCode: EXIT.invalid, outDir, comparison });
    if (options.format === 'text') printer.err(`compose2helm: ${refusals.length} error(s); ${outDir}/ was not changed.`);
    return EXIT.invalid;
  }
  // Nothing to do is done by doing nothing: no rename, no new folder, every inode and mtime stays.
  if (comparison.changes.length > 0) {
    try {
      writeTreeAtomically(resolve(cwd, outDir), generated, comparison.unexpected, { current: onDisk, ...(ctx.afterFile ? { afterFile: ctx.afterFile } : {}) });
    } catch (error) {
      // A filesystem error (permissions, disk full) is the machine's, not a bug; the writer has
      // already put the previous out/ back.
      if (!isSystemError(error)) throw error;
      report(ctx, options.format, [...result.diagnostics, { code: 'USAGE', severity: 'error', message: `could not write ${outDir}/: ${error.message}` }], diffMask,
        { status: 'invalid', exitCode: EXIT.invalid, outDir });
      if (options.format === 'text') printer.err(`compose2helm: ${outDir}/ was not changed.`);
      return EXIT.invalid;
    }
  }
  report(ctx, options.format, result.diagnostics, diffMask, { status: 'written', exitCode: EXIT.ok, outDir, comparison });
  if (options.format === 'text') {
    for (const u of comparison.unexpected) printer.err(`note: ${outDir}/${u} was not generated by compose2helm; kept as is`);
    printer.out(writeSummary(outDir, comparison, generated.size));
  }
  return EXIT.ok;
}

function writeSummary(outDir: string, cmp: TreeComparison, fileCount: number): string {
  if (cmp.changes.length === 0) return `${outDir}/ is already up to date (${fileCount} files).`;
  const count = (status: string) => cmp.changes.filter((c) => c.status === status).length;
  const parts = (['changed', 'added', 'removed'] as const).filter((status) => count(status) > 0).map((status) => `${count(status)} ${status}`);
  return `wrote ${outDir}/: ${parts.join(', ')}; ${fileCount - count('changed') - count('added')} of ${fileCount} files unchanged.`;
}

/** The `migrate` command line that regenerates what `--check` compared, options as given. */
export function regenerateCommand(options: MigrateOptions): string {
  const args = ['compose2helm', 'migrate'];
  for (const f of options.file) args.push('-f', f);
  if (options.mappings !== undefined) args.push('-m', options.mappings);
  if (options.out !== 'out') args.push('-o', options.out);
  for (const e of options.envFile) args.push('--env-file', e);
  for (const p of options.profile) args.push('-p', p);
  if (options.name !== undefined) args.push('--name', options.name);
  return args.map((a) => (/^[\w./=:@-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

function hasTopLevelName(text: string | undefined): boolean {
  return text !== undefined && /^name\s*:/m.test(text);
}

interface RunSummary {
  status: 'invalid' | 'drift' | 'up-to-date' | 'written';
  exitCode: number;
  outDir: string;
  comparison?: TreeComparison;
}

/**
 * Diagnostics in the chosen format. For `--format json` this is the whole output: one object,
 * `{ status, exitCode, outDir, diagnostics, changes, unexpected, conflicts }`, diffs unabridged.
 */
function report(ctx: RunContext, format: Format, diagnostics: Diagnostic[], mask: (t: string) => string, summary: RunSummary): void {
  if (format === 'json') {
    const cmp = summary.comparison;
    ctx.printer.out(JSON.stringify({
      status: summary.status,
      exitCode: summary.exitCode,
      outDir: summary.outDir,
      diagnostics: diagnostics.map((d) => ({ ...d, message: mask(d.message), ...(d.hint ? { hint: mask(d.hint) } : {}) })),
      changes: cmp?.changes ?? [],
      unexpected: cmp?.unexpected ?? [],
      conflicts: cmp?.conflicts ?? [],
    }, null, 2));
    return;
  }
  printDiagnostics(ctx.printer, format, diagnostics, mask);
}
