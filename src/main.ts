/**
 * Entry point: the only place that reads process state (argv, cwd, env, TTY) and turns an
 * unexpected failure into one line asking for a bug report, with exit code 2.
 */
import { readFileSync } from 'node:fs';
import { runCli } from './cli/program.js';
import { EXIT } from './cli/exit-codes.js';
import { formatInternalError } from './diagnostics/internal-error.js';
import { colorEnabled } from './cli/output.js';

export async function main(argv: string[]): Promise<number> {
  const color = colorEnabled(process.stdout.isTTY, process.env);
  // `compose2helm migrate --check | head` closes the pipe early: the reader has seen enough, which
  // is not an error worth a stack trace. The exit code is still the one the run decided.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok);
    });
  }
  const printer = {
    out: (line: string) => process.stdout.write(`${line}\n`),
    err: (line: string) => process.stderr.write(`${line}\n`),
    color,
  };
  try {
    const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    return runCli(argv, { cwd: process.cwd(), environment: { ...process.env }, printer }, version);
  } catch (error) {
    // runCli already turns a bug inside a command into one line; this catches the rest.
    printer.err(formatInternalError(error));
    return EXIT.invalid;
  }
}
