#!/usr/bin/env node
// Launcher. `npm run build` (run on install by `prepare`) bundles the CLI into one CommonJS file,
// dist/compose2helm.cjs (scripts/bundle.mjs). It is compiled here through vm.Script so V8 can
// reuse the machine code of an earlier run (its "code cache") instead of parsing and compiling
// 2 MB of JavaScript on every start: start-up is most of what `migrate --check` costs (issue #9).
//
// CommonJS, like the bundle (bin/package.json says so; the name stays .js so that existing npx
// links to it keep working): an ES module entry point would load Node's ES module loader too.
'use strict';
const fs = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const bundle = path.join(__dirname, '..', 'dist', 'compose2helm.cjs');
const cacheFile = `${bundle}.v8-cache`;

// V8 accepts cached data for any source of the same length, so the cache also names the exact
// bundle it was made from (size and modification time); a rebuilt bundle never runs stale code.
let size;
let mtimeMs;
try {
  ({ size, mtimeMs } = fs.statSync(bundle));
} catch {
  // A git checkout without `npm ci`/`npm install` (whose prepare step builds it), or a failed build.
  process.stderr.write(`compose2helm: ${path.relative(process.cwd(), bundle) || bundle} is missing; run \`npm install\` (or \`npm run build\`) in ${path.dirname(__dirname)} first\n`);
  process.exit(2);
}
// The header also says whether the run that made the cache converted a project (`full`): V8 saves
// only the functions a run compiled, and a cache made by `--version` or `--help` left every later
// `migrate` compiling most of the CLI again (926 M instructions instead of 728 M for the repo's
// `--check`). Such a `partial` cache is replaced after the first run that converts a project.
const stamp = `${size}:${mtimeMs}`;
const args = process.argv.slice(2);
const converts = args[0] === 'migrate' && !args.includes('--help') && !args.includes('-h');
let cachedData;
let cachedFull = false;
try {
  const cache = fs.readFileSync(cacheFile);
  const header = cache.subarray(0, cache.indexOf(10)).toString('latin1');
  if (header === `${stamp}:full` || header === `${stamp}:partial`) {
    cachedData = cache.subarray(header.length + 1);
    cachedFull = header.endsWith(':full');
  }
} catch {
  // No cache yet: this run writes it.
}
// The wrapper Node puts around every CommonJS module, so the bundle sees exports, require, module.
// The bundle is ASCII (scripts/bundle.mjs makes sure), and reading it as Latin-1 skips UTF-8
// decoding of 2 MB: ~4 ms of every start.
const source = `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(bundle, 'latin1')}\n})`;
const script = new vm.Script(source, { filename: bundle, cachedData });

// A missing or stale cache, or one V8 rejects (another Node version or V8 flags), is replaced by
// the code this run compiled, saved at exit so it holds every function the run used; so is a
// partial one once a run has converted a project (exit code 0, or 1 for drift: both ran the whole
// pipeline). Best effort: a read-only install just runs without one. Written aside and renamed,
// so a concurrent run never reads half a file.
process.once('exit', (code) => {
  const full = converts && (code === 0 || code === 1);
  if (cachedData !== undefined && !script.cachedDataRejected && (cachedFull || !full)) return;
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, Buffer.concat([Buffer.from(`${stamp}:${full ? 'full' : 'partial'}\n`), script.createCachedData()]));
    fs.renameSync(temporary, cacheFile);
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing more to do.
    }
  }
});

const loaded = { exports: {} };
script.runInThisContext()(loaded.exports, createRequire(bundle), loaded, bundle, path.dirname(bundle));
loaded.exports.main(args).then((code) => {
  process.exitCode = code;
});
