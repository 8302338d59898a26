/**
 * The facts of the migration report, as one typed value. MIGRATION.md is rendered from these facts
 * and migration-report.json is these facts, so the two cannot tell different stories.
 * Secrets appear by name and Secret key, never by value.
 */
import type { Note, Position, Project, Provenance, Workload } from '../model/project.js';
import { byCodeUnit } from '../text/order.js';
import { valueMasker } from '../text/mask.js';

export interface ReportInput {
  project: Project;
  /** Warnings from reading and translating, already formatted without positions. */
  warnings: { message: string; at?: Position; code: string }[];
  /** Seed validation rules with their outcome. */
  validation: { rule: string; status: 'passed' | 'warning' | 'error'; detail: string }[];
  inputs: string[];
  /** Output folder relative to the working directory (POSIX), for links from MIGRATION.md to source lines. */
  outDir: string;
}

/** Bumped when a consumer of migration-report.json would have to change. */
export const REPORT_SCHEMA_VERSION = 2;
/** Written beside migration-report.json, which points at it with `$schema`. */
export const REPORT_SCHEMA_FILE = 'migration-report.schema.json';

/** Who made a decision: a mapping rule, a built-in default, or the compose file itself. */
export interface Decision {
  source: 'rule' | 'default' | 'compose';
  /** `rule "name"`, `default: <reason>` or `compose <key>`. */
  text: string;
  /** `file:line:col`, when known. */
  at: string | null;
}

export interface KeyFacts {
  key: string;
  status: 'translated' | 'approximated' | 'not-translated';
  message: string;
  action: string | null;
  at: string | null;
}

export interface EnvFacts {
  name: string;
  class: 'config' | 'secret';
  /** Why it was classed so (for secrets: the name word, the URL password or the rule). */
  reason: string;
  /** Key in the chart's Secret (`secrets.<key>` in values), for secrets. */
  secretKey: string | null;
  /** True when a reference to another service was rewritten to its in-cluster name. */
  rewritten: boolean;
  /** Secret variables a config value reads as `$(NAME)` (a password taken out of a URL). */
  embeds: string[];
  decidedBy: Decision;
}

export interface VolumeFacts {
  name: string;
  type: 'claim' | 'claimTemplate' | 'hostPath' | 'emptyDir' | 'configFile' | 'secretFile';
  mountPath: string;
  readOnly: boolean;
  dataLivesIn: string;
  decidedBy: Decision;
}

export interface PortFacts {
  name: string;
  port: number;
  protocol: string;
  /** How a developer reaches it with values-dev.yaml. */
  dev: 'NodePort' | 'port-forward' | 'cluster-only';
}

export interface PersistenceFacts {
  volume: string;
  /** Path of the claim settings in values.yaml. */
  valuesPath: string;
  size: string;
  devSize: string;
  storageClass: string;
}

export interface WaitFacts {
  service: string;
  condition: string;
  method: 'tcp' | 'pg_isready' | 'hook-order' | 'none';
  enforcedBy: string;
}

export interface HostAccessFacts {
  reason: string;
  decidedBy: Decision;
  /** What the pod may do on its node: hostNetwork, privileged, hostPath /x, capability NET_ADMIN … */
  grants: string[];
}

export interface ServiceFacts {
  service: string;
  /** The workload kind, or `chart` for a service replaced by a chart dependency. */
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob' | 'chart';
  chart: { name: string; version: string; repository: string } | null;
  /** null: one pod per node (DaemonSet) or decided by the subchart. */
  replicas: number | null;
  image: { repository: string; tag: string; built: boolean };
  exposure: string;
  ports: PortFacts[];
  persistence: PersistenceFacts[];
  decidedBy: Decision;
  env: EnvFacts[];
  rewrites: { variable: string; from: string; to: string }[];
  volumes: VolumeFacts[];
  waits: WaitFacts[];
  hostAccess: HostAccessFacts | null;
  keys: KeyFacts[];
}

export interface ManualStep {
  category: 'secret' | 'storage' | 'image' | 'chart' | 'not-translated' | 'approximated';
  service: string | null;
  text: string;
}

export interface MigrationReport {
  $schema: string;
  schemaVersion: number;
  chart: { name: string; version: string; appVersion: string };
  inputs: string[];
  summary: {
    services: number;
    workloads: number;
    chartDependencies: number;
    keys: { translated: number; approximated: number; notTranslated: number };
    secrets: number;
    warnings: number;
    manualSteps: number;
    validation: { passed: number; warning: number; error: number };
  };
  services: ServiceFacts[];
  dependencies: { from: string; to: string; condition: string; method: WaitFacts['method']; enforcedBy: string }[];
  secrets: { key: string; valuesPath: string; usedBy: string[] }[];
  validation: { rule: string; status: 'passed' | 'warning' | 'error'; detail: string }[];
  warnings: { code: string; message: string; at: string | null }[];
  /** Notes about the project as a whole (not tied to one service). */
  notes: KeyFacts[];
  manualSteps: ManualStep[];
}

export function reportFacts(input: ReportInput): MigrationReport {
  const { project } = input;
  // The report is committed: every secret value is masked, however short.
  const maskSecrets = valueMasker(project.secrets.map((s) => s.devValue));
  const services = [...project.workloads.map((w) => workloadFacts(w, project)), ...project.dependencies.map((d): ServiceFacts => ({
    service: d.service,
    kind: 'chart',
    chart: { name: d.chart, version: d.version, repository: d.repository },
    replicas: null,
    image: { repository: d.image.repository, tag: d.image.tag, built: d.image.built },
    exposure: `subchart Service on port ${d.port}`,
    ports: [],
    persistence: [],
    decidedBy: decision(d.by),
    env: [],
    rewrites: [],
    volumes: [],
    waits: [],
    hostAccess: null,
    keys: notesOf(project, d.service),
  }))].sort((a, b) => byCodeUnit(a.service, b.service));
  const manualSteps = manualStepsOf(project);
  const notes = project.notes;
  const count = (status: Note['status']) => notes.filter((n) => n.status === status).length;
  const validated = (status: 'passed' | 'warning' | 'error') => input.validation.filter((v) => v.status === status).length;
  return {
    $schema: `./${REPORT_SCHEMA_FILE}`,
    schemaVersion: REPORT_SCHEMA_VERSION,
    chart: { name: project.chart.name, version: project.chart.version, appVersion: project.chart.appVersion },
    inputs: input.inputs,
    summary: {
      services: services.length,
      workloads: project.workloads.length,
      chartDependencies: project.dependencies.length,
      keys: { translated: count('translated'), approximated: count('approximated'), notTranslated: count('not-translated') },
      secrets: project.secrets.length,
      warnings: input.warnings.length,
      manualSteps: manualSteps.length,
      validation: { passed: validated('passed'), warning: validated('warning'), error: validated('error') },
    },
    services,
    dependencies: project.edges.map((e) => {
      const method = ofService(project.workloads, e.from)[0]?.waits.find((x) => x.service === e.to)?.method ?? 'none';
      return { from: e.from, to: e.to, condition: e.condition, method, enforcedBy: waitMethodText(method) };
    }),
    secrets: project.secrets.map((s) => ({ key: s.key, valuesPath: `secrets.${s.key}`, usedBy: [...s.usedBy].sort(byCodeUnit) })),
    validation: input.validation,
    // Diagnostics may quote compose values; the report gets the same masking as the terminal.
    warnings: input.warnings.map((w) => ({ code: w.code, message: maskSecrets(w.message), at: w.at ? where(w.at) : null })),
    notes: notes.filter((n) => n.service === undefined).map(keyFacts),
    manualSteps,
  };
}

function workloadFacts(w: Workload, project: Project): ServiceFacts {
  return {
    service: w.service,
    kind: w.kind,
    chart: null,
    replicas: w.kind === 'DaemonSet' ? null : w.replicas,
    image: { repository: w.image.repository, tag: w.image.tag, built: w.image.built },
    exposure: exposureOf(w),
    ports: w.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol, dev: p.published ? 'NodePort' : p.loopbackPort !== undefined ? 'port-forward' : 'cluster-only' })),
    persistence: w.persistence.map((p) => ({
      volume: p.name, valuesPath: `${w.valuesKey}.persistence.${p.key}`, size: p.size, devSize: p.devSize, storageClass: p.storageClass,
    })),
    decidedBy: decision(w.kindBy),
    env: w.env.map((e): EnvFacts => {
      if (e.source === 'secret') return { name: e.name, class: 'secret', reason: e.reason, secretKey: e.secretKey, rewritten: false, embeds: [], decidedBy: decision(e.by) };
      const embeds = 'secretRefs' in e && Array.isArray(e.secretRefs) ? (e.secretRefs as string[]) : [];
      const reason = e.by.kind === 'rule' ? 'a mapping rule lists it in configEnv'
        : embeds.length > 0 ? `its value held a password, now read from ${embeds.map((n) => `$(${n})`).join(', ')}`
          : 'neither its name nor its value looks secret';
      return { name: e.name, class: 'config', reason, secretKey: null, rewritten: e.rewrittenFrom !== undefined, embeds, decidedBy: decision(e.by) };
    }),
    rewrites: ofService(project.rewrites, w.service).map((r) => ({ variable: r.variable, from: r.from, to: r.to })),
    volumes: w.volumes.map((v) => ({ name: v.name, type: v.type, mountPath: v.mountPath, readOnly: v.type === 'configFile' || ('readOnly' in v && v.readOnly), dataLivesIn: dataLivesIn(v), decidedBy: decision(v.by) })),
    waits: w.waits.map((x) => ({ service: x.service, condition: x.condition, method: x.method, enforcedBy: waitMethodText(x.method) })),
    hostAccess: w.security.hostAccess
      ? { reason: w.security.hostAccess.reason, decidedBy: decision(w.security.hostAccess.by), grants: hostGrants(w) }
      : null,
    keys: notesOf(project, w.service),
  };
}

function notesOf(project: Project, service: string): KeyFacts[] {
  return ofService(project.notes, service).map(keyFacts);
}

/**
 * The items of `items` whose `service` is `service`, in order. Grouped once per list (rebuilt if
 * the list grew): filtering the whole list for every service made the report quadratic.
 */
const groupsOf = new WeakMap<readonly { service?: string }[], { length: number; groups: Map<string | undefined, unknown[]> }>();
function ofService<T extends { service?: string }>(items: readonly T[], service: string): T[] {
  let cached = groupsOf.get(items);
  if (!cached || cached.length !== items.length) {
    const groups = new Map<string | undefined, unknown[]>();
    for (const item of items) (groups.get(item.service) ?? groups.set(item.service, []).get(item.service)!).push(item);
    cached = { length: items.length, groups };
    groupsOf.set(items, cached);
  }
  return (cached.groups.get(service) ?? []) as T[];
}

function keyFacts(n: Note): KeyFacts {
  return { key: n.key, status: n.status, message: n.message, action: n.action ?? null, at: n.at ? where(n.at) : null };
}

export function where(at: Position): string {
  return `${at.file}:${at.line}:${at.col}`;
}

function decision(p: Provenance): Decision {
  switch (p.kind) {
    case 'rule': return { source: 'rule', text: `rule "${p.name}"`, at: where(p.at) };
    case 'compose': return { source: 'compose', text: `compose ${p.key}`, at: where(p.at) };
    case 'inferred': return { source: 'default', text: `default: ${p.reason}`, at: p.at ? where(p.at) : null };
  }
}

function exposureOf(w: Workload): string {
  if (w.security.hostNetwork) return 'host network';
  if (w.ports.length === 0) return 'none';
  if (w.ports.some((p) => p.published)) return 'ClusterIP (NodePort in dev)';
  if (w.ports.some((p) => p.loopbackPort !== undefined)) return 'ClusterIP (port-forward in dev)';
  return 'ClusterIP';
}

function waitMethodText(method: WaitFacts['method']): string {
  switch (method) {
    case 'tcp': return 'init container waits for the TCP port';
    case 'pg_isready': return 'init container runs pg_isready';
    case 'hook-order': return 'Helm hook runs the Job first';
    case 'none': return 'not enforced: the dependency has no Service port to wait on';
  }
}

function hostGrants(w: Workload): string[] {
  const s = w.security;
  return [
    ...(s.hostNetwork ? ['hostNetwork'] : []),
    ...(s.hostPID ? ['hostPID'] : []),
    ...(s.privileged ? ['privileged'] : []),
    ...s.capAdd.map((c) => `capability ${c}`),
    ...w.volumes.flatMap((v) => (v.type === 'hostPath' ? [`hostPath ${v.hostPath}`] : [])),
  ];
}

function dataLivesIn(v: Workload['volumes'][number]): string {
  // A compose `secrets:` file mounted from the chart's Secret.
  if ('secretKey' in v) return `the chart Secret, key ${String(v.secretKey)} (from a compose secret; provide it for production)`;
  switch (v.type) {
    case 'claim': return `PersistentVolumeClaim ${v.claim}${v.sharedWith.length > 0 ? ` (shared with ${v.sharedWith.join(', ')})` : ''}`;
    case 'claimTemplate': return 'a PersistentVolumeClaim per pod (volumeClaimTemplates)';
    case 'hostPath': return `the node's ${v.hostPath}`;
    case 'emptyDir': return v.medium === 'Memory' ? 'memory, lost with the pod' : 'the pod, lost when it is deleted';
    case 'configFile': return `ConfigMap ${v.configMap} (from the project files)`;
  }
}

function manualStepsOf(project: Project): ManualStep[] {
  const steps: ManualStep[] = [];
  for (const s of project.secrets) {
    steps.push({ category: 'secret', service: null, text: `Provide \`secrets.${s.key}\` for production (used by ${[...s.usedBy].sort(byCodeUnit).join(', ')}), or name a Secret you manage in \`secrets.existingSecret\`.` });
  }
  for (const w of project.workloads) {
    for (const p of w.persistence) {
      steps.push({ category: 'storage', service: w.service, text: `Pick a storage class and size for \`${w.valuesKey}.persistence.${p.key}\` (volume ${p.name}, ${p.size} by default).` });
    }
  }
  for (const b of project.builds) {
    steps.push({ category: 'image', service: null, text: `Push \`${b.image}\` to a registry the cluster can pull from, and set its repository and tag in values (${b.usedBy.map((k) => `\`${k}.image\``).join(', ')}).` });
  }
  for (const d of project.dependencies) {
    steps.push({ category: 'chart', service: d.service, text: `Run \`helm dependency build\` to fetch ${d.chart} ${d.version}, and review its values under \`${d.valuesKey}\` (storage class, size, credentials).` });
  }
  for (const n of project.notes) {
    // Most messages start with the key ("logging: …"); the step names the key once.
    const message = n.message.startsWith(`${n.key}: `) ? n.message.slice(n.key.length + 2) : n.message;
    if (n.status === 'not-translated') {
      steps.push({ category: 'not-translated', service: n.service ?? null, text: `\`${n.key}\`: ${message} — ${n.action ?? 'confirm the service does without it'}.` });
    } else if (n.status === 'approximated' && n.action) {
      steps.push({ category: 'approximated', service: n.service ?? null, text: `\`${n.key}\`: ${message} — ${n.action}.` });
    }
  }
  const seen = new Set<string>();
  return steps.filter((s) => {
    const id = `${s.category}\u0000${s.service ?? ''}\u0000${s.text}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
