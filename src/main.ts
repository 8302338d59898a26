/**
 * Entry point: the only place that reads process state (argv, cwd, env, TTY) and turns an
 * unexpected failure into one line asking for a bug report, with exit code 2.
 */
import { readFileSync } from 'node:fs';
import { runCli } from './cli/program.js';
import { EXIT } from './cli/exit-codes.js';

export async function main(argv: string[]): Promise<number> {
  const color = Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined;
  const printer = {
    out: (line: string) => process.stdout.write(`${line}\n`),
    err: (line: string) => process.stderr.write(`${line}\n`),
    color,
  };
  try {
    const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    return runCli(argv, { cwd: process.cwd(), environment: { ...process.env }, printer }, version);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    printer.err(`compose2helm: internal error: ${message}`);
    printer.err('This is a bug in compose2helm, not in your files. Please report it with the command you ran; out/ was not changed.');
    return EXIT.invalid;
  }
}
