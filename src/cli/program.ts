/** commander wiring: options, help text with the exit-code table, and error handling. */
import { Command, CommanderError, Option } from 'commander';
import { EXIT, EXIT_TABLE } from './exit-codes.js';
import { formatInternalError } from '../diagnostics/internal-error.js';
import { runMigrate, type RunContext } from './run-migrate.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export function runCli(argv: string[], ctx: RunContext, version: string): number {
  let code: number = EXIT.ok;
  const program = new Command('compose2helm')
    .description('Migrate a Docker Compose project to a Helm chart, skaffold.yaml and a migration report.')
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.printer.out(s.trimEnd()), writeErr: (s) => ctx.printer.err(s.trimEnd()) })
    .addHelpText('after', `\n${EXIT_TABLE}`);

  program
    .command('migrate')
    .description('Generate out/ from the compose file(s) and mappings/, or check it with --check.')
    .option('-f, --file <path>', 'compose file, repeatable; later files override earlier ones (default: compose.yaml, docker-compose.yml… plus its override file)', collect, [])
    .option('-m, --mappings <dir>', 'mapping rules folder (default: ./mappings when it exists)')
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('--env-file <path>', 'env file for interpolation, repeatable (default: .env beside the first compose file)', collect, [])
    .option('-p, --profile <name>', 'activate a compose profile, repeatable', collect, [])
    .option('--name <name>', 'chart and release name (default: compose `name:` or the folder name)')
    .option('--check', 'write nothing; compare with --out and print what differs (exit 1 on drift)', false)
    .addOption(new Option('--format <fmt>', 'output format').choices(['text', 'json', 'github']).default('text'))
    .addHelpText('after', `\n${EXIT_TABLE}`)
    .action((opts) => {
      code = runMigrate({
        file: opts.file, mappings: opts.mappings, out: opts.out, envFile: opts.envFile, profile: opts.profile,
        name: opts.name, check: opts.check, format: opts.format,
      }, ctx);
    });

  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.invalid;
    }
    // A bug: one line with the input position being processed, no stack trace. The writer only
    // swaps out/ as its very last step, so out/ is still the previous tree.
    ctx.printer.err(formatInternalError(error, outDirOf(argv)));
    return EXIT.invalid;
  }
  return code;
}

/** The --out folder named on the command line, for the internal-error line (default out). */
function outDirOf(argv: string[]): string {
  const i = argv.findIndex((a) => a === '-o' || a === '--out');
  const inline = argv.find((a) => a.startsWith('--out='));
  return (i >= 0 ? argv[i + 1] : inline?.slice('--out='.length)) ?? 'out';
}
