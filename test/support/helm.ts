// Runs the real Helm binary (extracted by scripts/install-helm.mjs) against generated charts, so
// tests check what `helm lint`/`helm template` actually accept instead of our own idea of it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { afterAll } from 'vitest';

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface HelmTemplateOptions {
  valuesFiles?: readonly string[];
  set?: readonly string[];
  releaseName?: string;
  namespace?: string;
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of the extracted Helm binary; throws with the fix if it is not there. */
export function helmPath(): string {
  const p = path.join(projectRoot, '.cache', 'helm', 'helm');
  if (!fs.existsSync(p)) {
    throw new Error(`Helm binary not found at ${p}; run \`node scripts/install-helm.mjs\` (npm test does it in pretest).`);
  }
  return p;
}

// Temp dirs made by this module, removed after the test file that made them. (An 'exit' handler
// did not run: vitest ends its workers with a signal, and /tmp kept ~60 chart copies per run.)
const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  helmEnv = undefined;
});
function makeTempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(d);
  return d;
}

// One private Helm home per process: Helm never reads or writes ~/.cache, ~/.config or a user's
// repositories/plugins, and no HELM_* or KUBECONFIG from the caller's shell changes the result.
let helmEnv: NodeJS.ProcessEnv | undefined;
function hermeticEnv(): NodeJS.ProcessEnv {
  if (helmEnv) return helmEnv;
  const home = makeTempDir('c2h-helm-home-');
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('HELM_') && k !== 'KUBECONFIG') env[k] = v;
  }
  Object.assign(env, {
    HELM_CACHE_HOME: path.join(home, 'cache'),
    HELM_CONFIG_HOME: path.join(home, 'config'),
    HELM_DATA_HOME: path.join(home, 'data'),
    KUBECONFIG: path.join(home, 'kubeconfig-does-not-exist'),
    NO_COLOR: '1',
  });
  helmEnv = env;
  return env;
}

function runHelm(args: string[]): HelmResult {
  const r = spawnSync(helmPath(), args, {
    env: hermeticEnv(),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024, // rendered charts can be large; the default 1 MiB would truncate
  });
  if (r.error) return { code: -1, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${String(r.error)}` };
  // status is null when killed by a signal: report that as a failure, never as success.
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.signal ? `${r.stderr}killed by ${r.signal}` : r.stderr };
}

const valuesArgs = (files: readonly string[] = []): string[] => files.flatMap((f) => ['-f', f]);

/** `helm lint --strict [-f values…] chartDir` — warnings fail too, as CI should. */
export function helmLint(chartDir: string, valuesFiles?: string[]): HelmResult {
  return runHelm(['lint', '--strict', ...valuesArgs(valuesFiles), chartDir]);
}

/** `helm template <release> chartDir …`; the release name defaults to "release". */
export function helmTemplate(chartDir: string, opts: HelmTemplateOptions = {}): HelmResult {
  const args = ['template', opts.releaseName ?? 'release', chartDir, ...valuesArgs(opts.valuesFiles)];
  for (const s of opts.set ?? []) args.push('--set', s);
  if (opts.namespace) args.push('--namespace', opts.namespace);
  return runHelm(args);
}

/**
 * `helm install --dry-run=client`: renders like `template` but also NOTES.txt, without a cluster
 * (the hermetic KUBECONFIG points nowhere, and client dry-run never contacts one).
 */
export function helmInstallDryRun(chartDir: string, opts: HelmTemplateOptions = {}): HelmResult {
  const args = ['install', opts.releaseName ?? 'release', chartDir, '--dry-run=client', ...valuesArgs(opts.valuesFiles)];
  for (const s of opts.set ?? []) args.push('--set', s);
  if (opts.namespace) args.push('--namespace', opts.namespace);
  return runHelm(args);
}

// Dependency versions in Chart.yaml are often ranges ("^12.1.0", "12.x", ">=1.0 <2"), but a
// stand-in chart's own version must be plain SemVer. Take the first version-looking token and
// fill wildcards with 0; Helm checks stand-ins by name offline, so any satisfying value will do.
function concreteVersion(constraint: unknown): string {
  const m = /(\d+)(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(-[0-9A-Za-z.-]+)?/.exec(String(constraint ?? ''));
  if (!m) return '0.0.0';
  const n = (s: string | undefined) => (s && /^\d+$/.test(s) ? s : '0');
  return `${m[1]}.${n(m[2])}.${n(m[3])}${m[4] ?? ''}`;
}

/**
 * Copies the chart to a temp dir and adds an empty stand-in chart under charts/<name> for every
 * Chart.yaml dependency, so `helm lint`/`helm template` pass their missing-dependency check without
 * `helm dependency build` (which would need the network). Returns the copy's path.
 */
export function withDependencyStandIns(chartDir: string): string {
  // Keep the chart's directory name so Helm's messages still name the chart's own directory.
  const dest = path.join(makeTempDir('c2h-chart-'), path.basename(path.resolve(chartDir)));
  fs.cpSync(chartDir, dest, { recursive: true });
  const chart = parse(fs.readFileSync(path.join(dest, 'Chart.yaml'), 'utf8')) as {
    dependencies?: Array<{ name?: string; version?: string }>;
  } | null;
  for (const dep of chart?.dependencies ?? []) {
    if (!dep.name) continue;
    const sub = path.join(dest, 'charts', dep.name);
    fs.mkdirSync(path.join(sub, 'templates'), { recursive: true });
    fs.writeFileSync(
      path.join(sub, 'Chart.yaml'),
      stringify({ apiVersion: 'v2', name: dep.name, version: concreteVersion(dep.version), type: 'application' }),
    );
    // Empty values and no schema: whatever the parent passes under `<name>:` is accepted as-is.
    fs.writeFileSync(path.join(sub, 'values.yaml'), '');
  }
  return dest;
}
