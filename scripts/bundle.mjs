#!/usr/bin/env node
/**
 * Second half of `npm run build`: bundles the tsc output (dist/main.js and everything it imports,
 * npm packages included) into one CommonJS file, dist/compose2helm.cjs, then warms the V8 code
 * cache that bin/compose2helm.js loads it with.
 *
 * Why (issue #9, measured on the repo's own `migrate --check`): loading ~80 ES modules from dist/
 * plus yaml's and commander's own files cost ~90 ms of resolution, file reads and compilation in a
 * ~450 ms run. One file is read once and needs no resolution; CommonJS because vm.Script, the only
 * public API that takes V8's cached data on Node 20, compiles scripts, not ES modules (Node 22's
 * module.enableCompileCache() would do the same for ES modules).
 *
 * Not minified: a stack trace or an internal error should still name real functions and lines.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = path.join(root, 'dist', 'compose2helm.cjs');
const CODE_CACHE = `${BUNDLE}.v8-cache`;

await build({
  entryPoints: [path.join(root, 'dist', 'main.js')],
  outfile: BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Relative to the bundle, import.meta.url is the bundle's own URL: main.ts finds ../package.json
  // from it, and the modules that load lodash/isEqual and diff on demand (createRequire) resolve
  // them from the installed node_modules, so those stay out of the bundle and off the common path.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: 'inline',
  charset: 'ascii',
  logLevel: 'warning',
  plugins: [lazyChildProcessForCommander()],
});

/**
 * commander requires node:child_process when it loads, for subcommands that are separate
 * executables; compose2helm has none. Loading child_process (and net, dgram, streams with it)
 * took ~2.5 ms of every start, so commander gets a stand-in that loads it on first use.
 */
function lazyChildProcessForCommander() {
  return {
    name: 'lazy-child-process-for-commander',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^node:child_process$/ }, (args) => (
        /[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'compose2helm' } : undefined
      ));
      pluginBuild.onLoad({ filter: /^lazy-child-process$/, namespace: 'compose2helm' }, () => ({
        contents: "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };",
        loader: 'js',
      }));
    },
  };
}

// The launcher reads the bundle as Latin-1, which is only right for ASCII. esbuild escapes
// non-ASCII characters in strings but leaves them in regular expression literals and comments;
// a \u escape means the same character in both (a surrogate pair in a /u expression is read as
// the one code point it encodes).
const text = fs.readFileSync(BUNDLE, 'utf8');
// After a backslash the escape would change meaning: `\µ` would become `\\u00b5`, an escaped
// backslash and five letters. There is no such place today; the build stops if one appears.
const escapedAlready = /\\[^\0-\x7f]/.exec(text);
if (escapedAlready) throw new Error(`bundle: cannot make "${escapedAlready[0]}" ASCII safely; write it as a \\u escape in the source`);
const escaped = text.replace(/[^\0-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
if (escaped !== text) fs.writeFileSync(BUNDLE, escaped);

// A code cache of the earlier bundle no longer matches its stamp (size and mtime) and would be
// replaced on the next run anyway; remove it so the warm-up run below writes the new one.
fs.rmSync(CODE_CACHE, { force: true });

// Warm-up: one real run on this repo's own project compiles what a typical run needs, and the
// launcher saves V8's code for it at exit (see bin/compose2helm.js). Its result does not matter;
// without a compose file (an installed package) the first user run writes the cache, and the first
// run that converts a project replaces one a `--version` or `--help` run made (bin/compose2helm.js).
if (fs.existsSync(path.join(root, 'docker-compose.yml'))) {
  spawnSync(process.execPath, [path.join(root, 'bin', 'compose2helm.js'), 'migrate', '--check'], { cwd: root, stdio: 'ignore' });
}
