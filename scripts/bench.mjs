#!/usr/bin/env node
/**
 * `npm run bench`: how long `compose2helm migrate --check` takes, next to what it cannot beat.
 *
 * Part 1, measured side by side (interleaved, so machine noise hits all three alike), medians:
 *   (a) node bin/compose2helm.js migrate --check   on this repo (cwd = repo root)
 *   (b) node -e ""                                  Node's own start-up floor
 *   (c) helm template release <chart> -f values-dev.yaml   on a copy of out/chart with a
 *       stand-in charts/postgresql/Chart.yaml (Helm only checks that the dependency is there)
 *   and the ratios a/b and a/c.
 * Part 2: generated compose projects of 100, 1,000 and 10,000 services (builds, env with
 *   secrets, depends_on chains and fan-in, named volumes, bind-mounted config files,
 *   healthchecks, ports, profiles), each converted once with `migrate` (must exit 0) and then
 *   timed with `migrate --check`: wall time and peak RSS (medians), and the 10,000/1,000 ratio.
 *   A fixed-loop speed probe before and after part 2 says how fast the machine was meanwhile.
 *
 * Targets (issue #9) are reported as met/missed, not enforced: the exit code is non-zero only
 * when something crashes or a generated project does not convert.
 *
 * Options: --runs N (part 1 repetitions, default 21), --big-runs N (part 2, default 5 for 100,
 * 3 for 1,000 and 10,000), --sizes 100,1000 (part 2 sizes), --keep (leave the temp dir),
 * --generate SIZE DIR (only write a generated project into DIR, e.g. to profile it).
 * Peak memory comes from `/usr/bin/time -v` when it exists; otherwise Node children report
 * process.resourceUsage().maxRSS through a preloaded module and Helm's memory is not measured.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'compose2helm.js');
const helm = path.join(root, '.cache', 'helm', 'helm');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const RUNS = Number(option('--runs', '21'));
const BIG_RUNS = option('--big-runs', undefined);
const SIZES = option('--sizes', '100,1000,10000').split(',').map(Number);
const KEEP = args.includes('--keep');

// `--generate SIZE DIR`: only write a generated project (for profiling), then stop.
if (args.includes('--generate')) {
  const size = Number(option('--generate', '1000'));
  const dir = path.resolve(args[args.indexOf('--generate') + 2] ?? `bench-project-${size}`);
  generateProject(dir, size);
  process.stdout.write(`wrote a ${size}-service project to ${dir}\n`);
  process.exit(0);
}

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'c2h-bench-'));
process.on('exit', () => {
  if (!KEEP) fs.rmSync(temp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Measuring one command. Wall time is taken here around the spawn (fork + exec included, alike for
// every command). CPU time (user + sys) is reported too because it is far less disturbed than wall
// time when other jobs share the cores: Node children report process.resourceUsage() from a
// preloaded module (microseconds); other commands get /usr/bin/time -v's figures (10 ms steps).
// Peak RSS comes from /usr/bin/time -v when it exists, else from the Node child's maxRSS.

const GNU_TIME = ['/usr/bin/time'].find((p) => {
  if (!fs.existsSync(p)) return false;
  return spawnSync(p, ['-v', 'true'], { encoding: 'utf8' }).stderr?.includes('Maximum resident set size');
});
const timeFile = path.join(temp, 'time-v.txt');
const usageFile = path.join(temp, 'usage.json');
const usageReporter = path.join(temp, 'report-usage.cjs');
fs.writeFileSync(usageReporter, `process.on('exit', () => {
  const u = process.resourceUsage();
  require('node:fs').writeFileSync(${JSON.stringify(usageFile)}, JSON.stringify({ cpuUs: u.userCPUTime + u.systemCPUTime, maxRssKb: u.maxRSS }));
});\n`);

/** Runs `command args` in `cwd`; returns { ms, cpuMs, rssKb, code, stdout, stderr }. */
function measure(command, commandArgs, { cwd = root, isNode = false } = {}) {
  fs.rmSync(timeFile, { force: true });
  fs.rmSync(usageFile, { force: true });
  const inner = isNode ? ['--require', usageReporter, ...commandArgs] : commandArgs;
  const [file, argv] = GNU_TIME ? [GNU_TIME, ['-v', '-o', timeFile, command, ...inner]] : [command, inner];
  const start = process.hrtime.bigint();
  const r = spawnSync(file, argv, { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, env: benchEnv() });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  let cpuMs;
  let rssKb;
  if (fs.existsSync(usageFile)) {
    const usage = JSON.parse(fs.readFileSync(usageFile, 'utf8'));
    cpuMs = usage.cpuUs / 1000;
    rssKb = usage.maxRssKb;
  }
  if (fs.existsSync(timeFile)) {
    const text = fs.readFileSync(timeFile, 'utf8');
    const field = (name) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(text)?.[1] ?? NaN);
    rssKb = field('Maximum resident set size \\(kbytes\\)');
    cpuMs ??= (field('User time \\(seconds\\)') + field('System time \\(seconds\\)')) * 1000;
  }
  // /usr/bin/time passes the child's exit status through.
  return { ms, cpuMs, rssKb, code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

// Helm without the caller's HELM_*/KUBECONFIG and with a private home; the CLI without colour.
let env;
function benchEnv() {
  if (env) return env;
  env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('HELM_') && k !== 'KUBECONFIG') env[k] = v;
  const home = path.join(temp, 'helm-home');
  Object.assign(env, {
    HELM_CACHE_HOME: path.join(home, 'cache'), HELM_CONFIG_HOME: path.join(home, 'config'),
    HELM_DATA_HOME: path.join(home, 'data'), KUBECONFIG: path.join(home, 'no-kubeconfig'), NO_COLOR: '1',
  });
  return env;
}

const median = (xs) => {
  const s = [...xs].filter((x) => x !== undefined).sort((a, b) => a - b);
  if (s.length === 0) return undefined;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

function crash(what, r) {
  process.stderr.write(`bench: ${what} failed (exit ${r.code})\n${r.stderr.slice(0, 4000)}\n${r.stdout.slice(0, 2000)}\n`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// The CLI runs from dist/compose2helm.cjs, which `npm run build` bundles after compiling src/:
// rebuild when it is missing or any source is newer than it.

function distIsFresh() {
  const bundle = path.join(root, 'dist', 'compose2helm.cjs');
  if (!fs.existsSync(bundle)) return false;
  const built = fs.statSync(bundle).mtimeMs;
  const newer = (dir) => fs.readdirSync(dir, { withFileTypes: true }).some((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return newer(full);
    return /\.(ts|js)$/.test(entry.name) && !/\.(test|d)\.ts$/.test(entry.name) && fs.statSync(full).mtimeMs > built;
  });
  return !newer(path.join(root, 'src'));
}

if (!distIsFresh()) {
  process.stdout.write('dist/compose2helm.cjs is missing or older than src/: running npm run build …\n');
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) crash('npm run build', { code: r.status, stdout: r.stdout, stderr: r.stderr });
}
if (!fs.existsSync(helm)) crash('finding .cache/helm/helm (run node scripts/install-helm.mjs)', { code: -1, stdout: '', stderr: '' });

// ---------------------------------------------------------------------------------------------
// Part 1: the repo's own project.

/** out/chart copied with a stand-in for every Chart.yaml dependency (name and version only). */
function chartWithStandIns() {
  const chart = path.join(temp, 'chart', 'chart');
  fs.cpSync(path.join(root, 'out', 'chart'), chart, { recursive: true });
  const text = fs.readFileSync(path.join(chart, 'Chart.yaml'), 'utf8');
  const deps = text.split(/^dependencies:\s*$/m)[1] ?? '';
  for (const m of deps.matchAll(/^\s*-\s*name:\s*(\S+)\s*\n\s*version:\s*"?([^"\s]+)"?/gm)) {
    const sub = path.join(chart, 'charts', m[1]);
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, 'Chart.yaml'), `apiVersion: v2\nname: ${m[1]}\nversion: ${m[2]}\ntype: application\n`);
  }
  return chart;
}

function partOne() {
  const chart = chartWithStandIns();
  const commands = {
    a: () => measure(process.execPath, [cli, 'migrate', '--check'], { isNode: true }),
    b: () => measure(process.execPath, ['-e', ''], { isNode: true }),
    c: () => measure(helm, ['template', 'release', chart, '-f', path.join(chart, 'values-dev.yaml')]),
  };
  const samples = { a: [], b: [], c: [] };
  let drift = false;
  // One warm-up round (file cache), then interleaved rounds.
  for (let round = -1; round < RUNS; round++) {
    for (const key of Object.keys(commands)) {
      const r = commands[key]();
      // Exit 1 from (a) is drift (out/ not regenerated after an input change): still a valid run.
      if (key === 'a' && r.code === 1) drift = true;
      else if (r.code !== 0) crash(`(${key}) ${key === 'a' ? 'migrate --check on the repo' : key === 'c' ? 'helm template' : 'node -e ""'}`, r);
      if (round >= 0) samples[key].push(r);
    }
  }
  const stat = (key) => ({
    ms: median(samples[key].map((r) => r.ms)), cpuMs: median(samples[key].map((r) => r.cpuMs)), rssKb: median(samples[key].map((r) => r.rssKb)),
  });
  return { a: stat('a'), b: stat('b'), c: stat('c'), drift };
}

// ---------------------------------------------------------------------------------------------
// Part 2: generated projects. Services come in groups of ten with the shapes real projects have;
// every group depends on one shared broker (fan-in), and inside a group the app services form a
// chain. Deterministic: the same size always produces the same files.

function generateProject(dir, size) {
  fs.mkdirSync(path.join(dir, 'config'), { recursive: true });
  const contexts = Math.min(20, Math.ceil(size / 10));
  for (let k = 0; k < contexts; k++) {
    fs.mkdirSync(path.join(dir, 'services', `app-${k}`), { recursive: true });
    fs.writeFileSync(path.join(dir, 'services', `app-${k}`, 'Dockerfile'), `FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n`);
  }
  const configs = Math.min(50, Math.ceil(size / 10));
  for (let k = 0; k < configs; k++) {
    fs.writeFileSync(path.join(dir, 'config', `app-${k}.yaml`), `# settings for app group ${k}\nlisten: 0.0.0.0:8080\ncache:\n  ttl: ${30 + k}s\nfeatures: [search, export]\n`);
  }
  fs.writeFileSync(path.join(dir, '.env'), 'APP_VERSION=1.4.2\nLOG_LEVEL=info\nDB_PASSWORD=bench-db-password\nAPI_TOKEN=bench-api-token\n');

  // One logging anchor per team of 100 groups: the YAML reader refuses more than 1,000 expansions
  // of one anchor (its alias-bomb guard), and a team-sized anchor is what large files do anyway.
  const lines = ['name: bench', ''];
  const teams = Math.ceil(size / 1000);
  for (let t = 0; t < teams; t++) lines.push(`x-logging-${t}: &logging-${t}`, '  driver: json-file', '  options:', `    max-size: ${10 + t}m`, '');
  lines.push('services:');
  const volumes = [];
  const push = (...l) => lines.push(...l);
  // The shared broker everything talks to (fan-in of one dependency per group).
  push('  broker:', '    image: rabbitmq:3.13-management', '    environment:', '      RABBITMQ_DEFAULT_USER: app',
    '      RABBITMQ_DEFAULT_PASS: ${DB_PASSWORD:-changeme}', '    ports:', '      - "5672"', '    volumes:', '      - broker-data:/var/lib/rabbitmq',
    '    healthcheck:', '      test: ["CMD", "rabbitmq-diagnostics", "-q", "ping"]', '      interval: 10s', '      timeout: 5s', '      retries: 5', '    restart: unless-stopped', '');
  volumes.push('broker-data');
  let services = 1;
  for (let g = 0; services < size; g++) {
    const name = (role) => `g${g}-${role}`;
    const context = `./services/app-${g % contexts}`;
    const config = `./config/app-${g % configs}.yaml`;
    const group = [];
    group.push(() => {
      volumes.push(`${name('db')}-data`);
      push(`  ${name('db')}:`, '    image: postgres:16-alpine', '    environment:', `      POSTGRES_DB: app${g}`, '      POSTGRES_USER: app',
        '      POSTGRES_PASSWORD: ${DB_PASSWORD:-changeme}', '    volumes:', `      - ${name('db')}-data:/var/lib/postgresql/data`,
        '    healthcheck:', '      test: ["CMD-SHELL", "pg_isready -U app"]', '      interval: 5s', '      timeout: 3s', '      retries: 10', '    restart: unless-stopped', '');
    });
    group.push(() => {
      push(`  ${name('migrate')}:`, '    build:', `      context: ${context}`, '      dockerfile: Dockerfile', `    image: bench/app-${g % contexts}:\${APP_VERSION:-latest}`,
        '    command: ["migrate", "--yes"]', '    environment:', `      DATABASE_URL: postgres://app@${name('db')}:5432/app${g}`, '      DATABASE_PASSWORD: ${DB_PASSWORD:-changeme}',
        '    depends_on:', `      ${name('db')}:`, '        condition: service_healthy', '    restart: "no"', '');
    });
    for (let k = 0; k < 4; k++) {
      group.push(() => {
        push(`  ${name(`api${k}`)}:`, '    build:', `      context: ${context}`, `    image: bench/api-${g}-${k}:\${APP_VERSION:-latest}`,
          '    ports:', k === 0 ? `      - "${20000 + (g % 40000)}:8080"` : '      - "8080"', '    environment:',
          '      LOG_LEVEL: ${LOG_LEVEL:-info}', `      DATABASE_HOST: ${name('db')}`, '      DATABASE_PORT: "5432"', '      DATABASE_PASSWORD: ${DB_PASSWORD:-changeme}',
          '      API_TOKEN: ${API_TOKEN:-token}', '      BROKER_URL: amqp://broker:5672', `      UPSTREAM_URL: http://${k === 0 ? name('cache') : name(`api${k - 1}`)}:8080`,
          '    volumes:', `      - ${config}:/etc/app/config.yaml:ro`, '    depends_on:', `      ${name('db')}:`, '        condition: service_healthy',
          `      ${name('migrate')}:`, '        condition: service_completed_successfully', '      broker:', '        condition: service_healthy',
          ...(k > 0 ? [`      ${name(`api${k - 1}`)}:`, '        condition: service_started'] : []),
          '    healthcheck:', '      test: ["CMD", "wget", "-qO-", "http://localhost:8080/health"]', '      interval: 10s', '      timeout: 3s', '      retries: 3', '      start_period: 15s',
          `    logging: *logging-${Math.floor(g / 100)}`, '    restart: unless-stopped', '');
      });
    }
    group.push(() => {
      push(`  ${name('cache')}:`, '    image: redis:7-alpine', '    command: ["redis-server", "--maxmemory", "64mb"]', '    expose:', '      - "6379"',
        '    tmpfs:', '      - /tmp', '    deploy:', '      resources:', '        limits:', '          cpus: "0.5"', '          memory: 128M', '    restart: unless-stopped', '');
    });
    group.push(() => {
      push(`  ${name('worker')}:`, `    image: bench/app-${g % contexts}:\${APP_VERSION:-latest}`, '    command: ["worker", "--queue", "jobs"]', '    environment:',
        '      BROKER_URL: amqp://broker:5672', '      WORKER_CONCURRENCY: "4"', '      API_TOKEN: ${API_TOKEN:-token}', '    depends_on:', '      - broker', `      - ${name('api0')}`,
        '    deploy:', '      replicas: 2', '    restart: unless-stopped', '');
    });
    group.push(() => {
      push(`  ${name('web')}:`, '    image: nginx:1.27-alpine', '    profiles: ["web"]', '    ports:', '      - "8080"', '    volumes:', `      - ${config}:/etc/nginx/conf.d/app.yaml:ro`,
        '    depends_on:', `      - ${name('api0')}`, '');
    });
    group.push(() => {
      push(`  ${name('debug')}:`, '    image: busybox:1.36', '    profiles: ["debug"]', '    command: ["sleep", "infinity"]', '');
    });
    for (const emit of group) {
      if (services >= size) break;
      emit();
      services++;
    }
  }
  lines.push('volumes:', ...volumes.map((v) => `  ${v}:`), '');
  fs.writeFileSync(path.join(dir, 'docker-compose.yml'), lines.join('\n'));
}

/**
 * The machine's speed at the moment: a fixed JavaScript loop, median of 3. On a shared virtual
 * machine the same loop was seen taking 3.9 s and 6.0 s within a minute, which moves every
 * absolute time in part 2 as much; the probe makes two runs' figures comparable.
 */
const PROBE = 'let s = 0; for (let i = 0; i < 1e8; i++) s += i % 7; if (s < 0) console.log(s)';
function speedProbe() {
  return median([0, 1, 2].map(() => measure(process.execPath, ['-e', PROBE], { isNode: true }).ms));
}

function partTwo() {
  const results = [];
  for (const size of SIZES) {
    const dir = path.join(temp, `project-${size}`);
    generateProject(dir, size);
    const runs = Number(BIG_RUNS ?? (size <= 100 ? 5 : 3));
    const args = [cli, 'migrate', '-p', 'web'];
    // The first run writes out/ (timed too: it is what a developer waits for once).
    const write = measure(process.execPath, args, { cwd: dir, isNode: true });
    if (write.code !== 0) crash(`migrate on the generated ${size}-service project`, write);
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const r = measure(process.execPath, [...args, '--check'], { cwd: dir, isNode: true });
      if (r.code !== 0) crash(`migrate --check on the generated ${size}-service project`, r);
      samples.push(r);
    }
    const files = Number(/\((\d+) files\)/.exec(samples[0].stdout)?.[1] ?? NaN);
    results.push({
      size, runs, files, writeMs: write.ms, ms: median(samples.map((r) => r.ms)), cpuMs: median(samples.map((r) => r.cpuMs)), rssKb: median(samples.map((r) => r.rssKb)),
    });
    process.stdout.write(`  generated ${size} services: done\n`);
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Report.

const fmtMs = (ms) => (ms === undefined ? 'n/a' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const fmtMb = (kb) => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(0)} MB`);
const verdict = (ok) => (ok ? 'met' : 'MISSED');
function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

const cpu = (/^model name\s*:\s*(.*)$/m.exec(fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '') ?? [])[1] ?? os.cpus()[0]?.model ?? 'unknown';
process.stdout.write(`machine: ${os.availableParallelism?.() ?? os.cpus().length} cores, ${cpu}, node ${process.version}, ${os.platform()} ${os.arch()}\n`);
process.stdout.write(`peak memory from: ${GNU_TIME ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS (Helm not measured)'}\n`);
process.stdout.write(`part 1: ${RUNS} interleaved rounds …\n`);
const one = partOne();
const ratio = (x, y) => (x / y).toFixed(2);
process.stdout.write(`\n${table(['command', 'median wall', 'median CPU (user+sys)', 'peak RSS'], [
  [`(a) compose2helm migrate --check (repo${one.drift ? ', out/ drifted: exit 1' : ''})`, fmtMs(one.a.ms), fmtMs(one.a.cpuMs), fmtMb(one.a.rssKb)],
  ['(b) node -e ""', fmtMs(one.b.ms), fmtMs(one.b.cpuMs), fmtMb(one.b.rssKb)],
  ['(c) helm template (repo chart)', fmtMs(one.c.ms), fmtMs(one.c.cpuMs), fmtMb(one.c.rssKb)],
])}\n\n${table(['ratio', 'wall', 'CPU', 'target (wall)', ''], [
  ['a/b', ratio(one.a.ms, one.b.ms), ratio(one.a.cpuMs, one.b.cpuMs), '≤ 3', verdict(one.a.ms / one.b.ms <= 3)],
  ['a/c', ratio(one.a.ms, one.c.ms), ratio(one.a.cpuMs, one.c.cpuMs), '≤ 2', verdict(one.a.ms / one.c.ms <= 2)],
])}\n\n`);

process.stdout.write('part 2: generated projects …\n');
const probeBefore = speedProbe();
const two = partTwo();
const probeAfter = speedProbe();
process.stdout.write(`\nspeed probe (fixed 1e8-iteration loop, median of 3): ${fmtMs(probeBefore)} before part 2, ${fmtMs(probeAfter)} after\n`);
process.stdout.write(`\n${table(['services', 'files in out/', 'migrate (first write)', 'migrate --check: median wall', 'median CPU', 'runs', 'peak RSS'],
  two.map((r) => [r.size.toLocaleString('en'), r.files, fmtMs(r.writeMs), fmtMs(r.ms), fmtMs(r.cpuMs), r.runs, fmtMb(r.rssKb)]))}\n\n`);
const bySize = new Map(two.map((r) => [r.size, r]));
const targets = [];
const k1 = bySize.get(1000);
if (k1) {
  targets.push(['1,000 services time', fmtMs(k1.ms), '< 2 s', verdict(k1.ms < 2000)]);
  targets.push(['1,000 services memory', fmtMb(k1.rssKb), '< 400 MB', k1.rssKb === undefined ? 'n/a' : verdict(k1.rssKb < 400 * 1024)]);
}
const k10 = bySize.get(10000);
if (k1 && k10) {
  targets.push(['time 10,000 / 1,000', ratio(k10.ms, k1.ms), '≤ 12', verdict(k10.ms / k1.ms <= 12)]);
  targets.push(['CPU 10,000 / 1,000 (info)', ratio(k10.cpuMs, k1.cpuMs), '', '']);
}
const k100 = bySize.get(100);
if (k100 && k1) targets.push(['time 1,000 / 100 (info)', ratio(k1.ms, k100.ms), '', '']);
if (targets.length > 0) process.stdout.write(`${table(['target', 'value', 'target', ''], targets)}\n`);
