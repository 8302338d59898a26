/**
 * ComposeProject + rules → Project (IR) + notes. Every decision lives here and records which
 * rule, default or compose key made it. Every compose key of a service is either translated or
 * produces a Note saying why not.
 */
import { posix } from 'node:path';
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import type { ComposeProject, ComposeService } from '../compose/types.js';
import { kubernetesName } from '../compose/check-references.js';
import type { LoadedRule } from '../mappings/load-rules.js';
import type { DependencyRule } from '../mappings/rule.js';
import { LABEL_PREFIX, serviceOverrides } from '../mappings/service-overrides.js';
import type {
  ChartDependency, EnvEntry, Note, Project, Provenance, SecretKey, Workload,
} from '../model/project.js';
import { byCodeUnit } from '../text/order.js';
import { effectiveRule, globMatches, ruleName, type EffectiveRule } from './match-rules.js';
import { inferKind } from './choose-kind.js';
import { firstCompletionWait } from './project-index.js';
import { camelCase, classifyEnv } from './classify-env.js';
import { rewriteReferences, type ServiceTarget } from './service-references.js';
import { translatePorts } from './translate-ports.js';
import { translateProbes } from './translate-probes.js';
import { translateVolumes } from './translate-volumes.js';
import { translateResources } from './translate-resources.js';
import { translateWaits } from './translate-waits.js';
import { splitImage } from './split-image.js';
import { collectBuilds } from './collect-builds.js';
import { KEY_HANDLING } from './key-handling.js';
import { referenceSecrets } from './secret-references.js';
import { translateFileObjects } from './translate-file-objects.js';
import { checkRuleConflicts } from './check-rule-conflicts.js';
import { withBreadcrumb } from '../diagnostics/internal-error.js';

export interface TranslateOptions {
  /** Path from the output folder to the compose project dir (POSIX), for build contexts. */
  projectFromOut: string;
  /** Reads a file relative to the project dir (bind-mounted config files). */
  readFile: (path: string) => string | undefined;
  /** Lists a folder relative to the project dir; undefined when it is not a folder. */
  listDir: (path: string) => string[] | undefined;
}

export function translateProject(compose: ComposeProject, rules: LoadedRule[], sink: DiagnosticSink, options: TranslateOptions): Project {
  checkRuleTargets(compose, rules, sink);
  checkRuleConflicts(compose.services, rules, sink);
  const chartName = compose.name;
  const fullname = (name: string) => `{{ include "${chartName}.fullname" $ }}-${name}`;
  const project: Project = {
    chart: { name: chartName, version: '0.1.0', appVersion: appVersionOf(compose), description: `${chartName}, migrated from Docker Compose by compose2helm` },
    workloads: [], dependencies: [], secrets: [], notes: [], builds: [], rewrites: [], edges: [],
  };

  // x-compose2helm / compose2helm.* labels inside the compose file come last: they win.
  const allRules = [...rules, ...serviceOverrides(compose.services, sink, rules.length)];
  const effective = new Map(compose.services.map((s) => [s.name, effectiveRule(s, allRules)]));
  const targets: ServiceTarget[] = compose.services.map((s) => {
    const dep = effective.get(s.name)?.dependency?.value;
    return { service: s.name, template: dep ? dependencyServiceName(chartName, dep) : fullname(kubernetesName(s.name)) };
  });
  const secrets = new SecretRegistry();

  // Dependencies first: workloads that wait on them need their Service names.
  for (const service of compose.services) {
    const eff = effective.get(service.name)!;
    if (eff.dependency) project.dependencies.push(withBreadcrumb(`translating service "${service.name}"`, service.at, () => translateDependency(service, eff, secrets, project.notes, chartName)));
  }
  for (const service of compose.services) {
    const eff = effective.get(service.name)!;
    // A crash names the service it happened in, so the bug report points at the input.
    if (!eff.dependency) project.workloads.push(withBreadcrumb(`translating service "${service.name}"`, service.at, () => translateService(service, eff, compose, { project, targets, secrets, options, sink })));
  }
  project.secrets = secrets.keys();
  referenceSecrets(project);
  project.builds = collectBuilds(compose, project.workloads, options, sink, project.notes);
  for (const w of project.workloads) {
    for (const wait of w.waits.filter((x) => x.method === 'hook-order')) {
      project.notes.push({
        service: w.service, key: 'depends_on', status: 'approximated', at: wait.by.at,
        message: `${wait.service} (service_completed_successfully) runs as a Helm hook: before each upgrade rolls out, but on the first install only after the other resources exist, so ${w.service} does not wait for it then. With \`helm install --wait\`, if ${w.service} cannot become ready before ${wait.service} has run, the install waits until it times out`,
        action: `install the first time without --wait, or let ${w.service}'s readiness not depend on ${wait.service}'s work`,
      });
    }
  }
  project.edges = project.workloads.flatMap((w) => w.waits.map((wait) => ({
    from: w.service, to: wait.service, condition: wait.condition, enforcedBy: describeWait(wait.method),
  })));
  return project;
}

interface Context {
  project: Project;
  targets: ServiceTarget[];
  secrets: SecretRegistry;
  options: TranslateOptions;
  sink: DiagnosticSink;
}

function translateService(service: ComposeService, eff: EffectiveRule, compose: ComposeProject, ctx: Context): Workload {
  const { project, targets } = ctx;
  const note = (key: string, status: Note['status'], message: string, action?: string) => {
    const entry: Note = { service: service.name, key, status, message };
    if (action) entry.action = action;
    const at = service.keys[key];
    if (at) entry.at = at;
    project.notes.push(entry);
  };
  const inferred = inferKind(service, compose);
  const kind = eff.kind?.value ?? inferred.kind;
  const kindBy = eff.kind?.by ?? inferred.by;
  const name = kubernetesName(service.name);
  const image = splitImage(service.image ?? `${compose.name}/${name}`, service.build !== undefined);

  const env: EnvEntry[] = [];
  const secretEnv = new Set(eff.secretEnv?.value ?? []);
  const configEnv = new Set(eff.configEnv?.value ?? []);
  const logLevelVars: string[] = [];
  for (const variable of [...service.environment].sort((a, b) => byCodeUnit(a.name, b.name))) {
    const cls = classifyEnv(variable.name, variable.value, secretEnv.has(variable.name), configEnv.has(variable.name));
    const by: Provenance = secretEnv.has(variable.name) || configEnv.has(variable.name)
      ? (secretEnv.has(variable.name) ? eff.secretEnv!.by : eff.configEnv!.by)
      : { kind: 'compose', key: `environment.${variable.name}`, at: variable.at };
    if (cls.secret && cls.urlPassword !== undefined && !secretEnv.has(variable.name)) {
      // Only the password is secret: it becomes a Secret key, and the URL stays config that
      // references it with $(VAR) (see secret-references.ts), so the URL is never copied whole.
      ctx.secrets.register(`${variable.name}_PASSWORD`, cls.urlPassword, `${service.name}.${variable.name}`);
    } else if (cls.secret) {
      const key = ctx.secrets.register(variable.name, variable.value, `${service.name}.${variable.name}`);
      env.push({ source: 'secret', name: variable.name, secretKey: key, reason: cls.reason, by });
      continue;
    }
    const { value, rewritten } = rewriteReferences(escapeTemplate(variable.value), targets, service.name);
    const entry: EnvEntry = { source: 'config', name: variable.name, value, by };
    if (rewritten.length > 0) {
      entry.rewrittenFrom = variable.value;
      project.rewrites.push({ service: service.name, variable: variable.name, from: variable.value, to: value });
    }
    if (/LOG_?LEVEL$/i.test(variable.name) && /^(debug|trace|verbose)$/i.test(variable.value)) {
      // Production runs at info; the compose debug level stays in values-dev.yaml.
      entry.value = variable.value === variable.value.toUpperCase() ? 'INFO' : 'info';
      entry.devValue = variable.value;
      logLevelVars.push(variable.name);
    }
    env.push(entry);
  }

  const rewriteArgs = (argv: string[] | undefined, key: string) => argv?.map((arg) => {
    const { value, rewritten } = rewriteReferences(escapeTemplate(arg), targets, service.name);
    if (rewritten.length > 0) project.rewrites.push({ service: service.name, variable: key, from: arg, to: value });
    return value;
  });

  const security = translateSecurity(service, eff, kind, inferred, note);
  const volumes = translateVolumes(service, compose, {
    kind, hostAccessAllowed: security.hostAccess !== undefined, chartName: compose.name, note,
    readFile: ctx.options.readFile, listDir: ctx.options.listDir, persistence: eff.persistence,
  });
  const workload: Workload = {
    service: service.name,
    name,
    valuesKey: camelCase(service.name),
    kind,
    kindBy,
    replicas: service.deploy.replicas ?? 1,
    image,
    env,
    ports: translatePorts(service),
    waits: translateWaits(service, compose, ctx.project),
    volumes: [...volumes.volumes, ...translateFileObjects(service, compose, {
      workloadName: name, readFile: ctx.options.readFile, note,
      registerSecret: (secretName, value, user) => ctx.secrets.register(secretName, value, user),
    })],
    persistence: volumes.persistence,
    security,
    resources: translateResources(service, eff),
    hostAliases: groupHostAliases(service),
    labels: Object.fromEntries(Object.entries(service.labels).filter(([k]) => !k.startsWith(LABEL_PREFIX))),
    logLevelVars,
  };
  const command = rewriteArgs(service.entrypoint, 'entrypoint');
  if (command) workload.command = command;
  const args = rewriteArgs(service.command, 'command');
  if (args) workload.args = args;
  if (service.workingDir) workload.workingDir = service.workingDir;
  if (service.stopGracePeriodSeconds !== undefined) workload.terminationGracePeriodSeconds = Math.ceil(service.stopGracePeriodSeconds);
  const probes = translateProbes(service);
  if (probes && kind !== 'Job' && kind !== 'CronJob') workload.probes = probes;
  if (kind === 'CronJob') {
    if (eff.schedule) workload.schedule = eff.schedule.value;
    else {
      ctx.sink.error('MAPPING_SCHEMA', `service "${service.name}": kind CronJob needs a schedule`, eff.kind?.by.kind === 'rule' ? eff.kind.by.at : service.at, 'add schedule: "0 3 * * *" to the rule');
    }
  }
  if (kind === 'Job' || kind === 'CronJob') {
    workload.restartPolicy = service.restart?.startsWith('on-failure') || service.restart === undefined ? 'OnFailure' : 'Never';
    const waitedOn = firstCompletionWait(compose, service.name) !== undefined;
    // Why a hook and not a wait on the Job: see translate-waits.ts.
    if (kind === 'Job' && waitedOn) workload.hook = { events: ['post-install', 'pre-upgrade'], weight: 0 };
  }
  noteKeys(service, workload, note);
  return workload;
}

/** `{{` in a compose value is literal text, not a Helm template: keep it literal through tpl. */
function escapeTemplate(value: string): string {
  return value.includes('{{') ? value.replace(/\{\{/g, '{{ "{{" }}') : value;
}

function translateSecurity(
  service: ComposeService, eff: EffectiveRule, kind: Workload['kind'], inferred: { kind: Workload['kind']; by: Provenance },
  note: (key: string, status: Note['status'], message: string, action?: string) => void,
): Workload['security'] {
  const hostNetwork = service.networkMode === 'host';
  const hostPID = service.pid === 'host';
  const hostPaths = service.volumes.some((v) => v.type === 'bind' && posix.isAbsolute(v.source));
  const needsHost = hostNetwork || hostPID || service.privileged || service.devices.length > 0 || hostPaths;
  // net.* sysctls are per network namespace: a pod on the host network would change the node's.
  const safeSysctl = (name: string) => SAFE_SYSCTLS.has(name) && !(hostNetwork && name.startsWith('net.'));
  const security: Workload['security'] = {
    privileged: service.privileged,
    capAdd: [...service.capAdd].sort(),
    capDrop: [...service.capDrop].sort(),
    readOnlyRootFilesystem: service.readOnly,
    hostNetwork,
    hostPID,
    sysctls: Object.entries(service.sysctls).filter(([name]) => safeSysctl(name))
      .sort(([a], [b]) => byCodeUnit(a, b)).map(([name, value]) => ({ name, value })),
  };
  const unsafe = Object.keys(service.sysctls).filter((name) => !safeSysctl(name)).sort();
  if (unsafe.length > 0) {
    note('sysctls', 'not-translated', `${unsafe.join(', ')} ${unsafe.length > 1 ? 'are' : 'is'} not a safe sysctl: the kubelet rejects the pod unless the node allows it`,
      'allow it on the nodes (kubelet --allowed-unsafe-sysctls) and add it to podSecurityContext.sysctls in values');
  }
  const user = service.user?.split(':');
  if (user && /^\d+$/.test(user[0] ?? '')) security.runAsUser = Number(user[0]);
  if (user && /^\d+$/.test(user[1] ?? '')) security.runAsGroup = Number(user[1]);
  if (service.user && security.runAsUser === undefined) {
    note('user', 'not-translated', `user "${service.user}" is a name; Kubernetes needs a numeric UID`, 'set securityContext.runAsUser in values');
  }
  if (needsHost) {
    if (eff.hostAccess) security.hostAccess = { reason: eff.hostAccess.value, by: eff.hostAccess.by };
    else if (kind === 'DaemonSet' && inferred.kind === 'DaemonSet') security.hostAccess = { reason: inferred.by.kind === 'inferred' ? inferred.by.reason : 'per-host agent', by: inferred.by };
  }
  return security;
}

/** The sysctls Kubernetes allows in every pod (kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.ping_group_range',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);

function groupHostAliases(service: ComposeService): Workload['hostAliases'] {
  const byIp = new Map<string, string[]>();
  for (const { host, ip } of service.extraHosts) {
    if (ip === 'host-gateway') continue;
    byIp.set(ip, [...(byIp.get(ip) ?? []), host]);
  }
  return [...byIp.entries()].sort(([a], [b]) => byCodeUnit(a, b)).map(([ip, hostnames]) => ({ ip, hostnames: hostnames.sort() }));
}

/** Every compose key gets a line in the report: what it became, or why it did not. */
function noteKeys(service: ComposeService, workload: Workload, note: (key: string, status: Note['status'], message: string, action?: string) => void): void {
  for (const key of Object.keys(service.keys)) {
    if (key.startsWith('x-')) continue;
    const handling = KEY_HANDLING[key];
    if (!handling) {
      note(key, 'not-translated', `compose key "${key}" has no Kubernetes equivalent in compose2helm yet`, 'review it by hand');
      continue;
    }
    const result = handling(service, workload);
    if (result) note(key, result.status, result.message, result.action);
  }
}

function translateDependency(service: ComposeService, eff: EffectiveRule, secrets: SecretRegistry, notes: Note[], chartName: string): ChartDependency {
  const rule = eff.dependency!.value;
  const values: Record<string, string | number | boolean> = { ...(rule.set ?? {}) };
  const devValues: Record<string, string | number | boolean> = {};
  const secretNames = new Set(rule.secretValues ?? []);
  for (const [envName, valuePath] of Object.entries(rule.values ?? {}).sort(([a], [b]) => byCodeUnit(a, b))) {
    const variable = service.environment.find((e) => e.name === envName);
    if (!variable) continue;
    if (secretNames.has(envName)) {
      // The subchart reads the password from the chart's Secret, like every other consumer.
      const key = secrets.register(envName, variable.value, `${service.name}.${envName}`);
      values[valuePath] = key;
    } else {
      values[valuePath] = variable.value;
    }
  }
  notes.push({
    service: service.name, key: 'image', status: 'translated',
    message: `replaced by the Helm chart ${rule.chart} ${rule.version} from ${rule.repository}`,
    action: 'review the subchart values under the chart name in values.yaml', at: service.at,
  });
  return {
    service: service.name, chart: rule.chart, repository: rule.repository, version: rule.version, valuesKey: rule.chart,
    image: splitImage(service.image ?? rule.chart, false),
    serviceName: dependencyServiceName(chartName, rule), port: rule.port, values, devValues, by: eff.dependency!.by,
  };
}

/**
 * The template of the Service a subchart creates. `serviceSuffix` names it after the release as
 * Bitnami charts do ("postgresql", or "redis-master" for the redis chart's primary); when it
 * starts with the chart's name, that part is the subchart's own fullname (the chart's
 * `<chart>.<subchart>.fullname` helper, emit-helpers.ts), which follows the fullnameOverride and
 * nameOverride the operator may set under the subchart's values and a release named after it.
 * Another suffix is appended to the release name as written.
 */
function dependencyServiceName(chartName: string, rule: DependencyRule): string {
  const { chart, serviceSuffix } = rule;
  if (serviceSuffix !== chart && !serviceSuffix.startsWith(`${chart}-`)) return `{{ .Release.Name }}-${serviceSuffix}`;
  return `{{ include "${chartName}.${chart}.fullname" $ }}${serviceSuffix.slice(chart.length)}`;
}

/** One Secret key per distinct secret value, shared by every variable that holds it. */
class SecretRegistry {
  private readonly byValue = new Map<string, SecretKey>();
  private readonly byKey = new Map<string, SecretKey>();

  register(envName: string, value: string, user: string): string {
    const existing = this.byValue.get(value);
    if (existing) {
      existing.usedBy.push(user);
      return existing.key;
    }
    let key = camelCase(envName);
    for (let i = 2; this.byKey.has(key); i++) key = `${camelCase(envName)}${i}`;
    const entry: SecretKey = { key, devValue: value, usedBy: [user] };
    this.byValue.set(value, entry);
    this.byKey.set(key, entry);
    return key;
  }

  keys(): SecretKey[] {
    return [...this.byKey.values()].sort((a, b) => byCodeUnit(a.key, b.key));
  }
}

function describeWait(method: string): string {
  switch (method) {
    case 'tcp': return 'init container waits for the TCP port';
    case 'pg_isready': return 'init container runs pg_isready';
    case 'hook-order': return 'Helm hook: the Job runs before each upgrade, and after the first install';
    default: return 'not enforced';
  }
}

function appVersionOf(compose: ComposeProject): string {
  const tags = compose.services.filter((s) => s.build && s.image?.includes(':')).map((s) => s.image!.split(':').pop()!);
  return tags.sort()[0] ?? '0.1.0';
}

/** A rule naming a service that does not exist is a typo until proven otherwise. */
function checkRuleTargets(compose: ComposeProject, rules: LoadedRule[], sink: DiagnosticSink): void {
  const names = compose.services.map((s) => s.name);
  for (const loaded of rules) {
    const pattern = loaded.rule.match.service;
    if (!pattern || names.some((n) => globMatches(pattern, n))) continue;
    const hint = didYouMean(pattern, names);
    sink.warning('MAPPING_UNKNOWN_SERVICE', `rule "${ruleName(loaded)}" matches no service`, loaded.locate(['match', 'service']), hint ? `did you mean "${hint}"?` : `services: ${names.join(', ')}`);
  }
}
