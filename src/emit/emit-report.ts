/**
 * The migration report: MIGRATION.md for the people who approve the move and
 * migration-report.json with the same facts for tools. Names of secrets appear, never values.
 */
import type { Note, Position, Project, Provenance, Workload } from '../model/project.js';

export interface ReportInput {
  project: Project;
  /** Warnings from reading and translating, already formatted without positions. */
  warnings: { message: string; at?: Position; code: string }[];
  /** Seed validation rules with their outcome. */
  validation: { rule: string; status: 'passed' | 'warning' | 'error'; detail: string }[];
  inputs: string[];
}

export const REPORT_SCHEMA_VERSION = 1;

export function reportFacts(input: ReportInput): Record<string, unknown> {
  const { project } = input;
  const manualSteps = manualStepsOf(input);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    chart: { name: project.chart.name, version: project.chart.version, appVersion: project.chart.appVersion },
    inputs: input.inputs,
    summary: {
      services: project.workloads.length + project.dependencies.length,
      workloads: project.workloads.length,
      chartDependencies: project.dependencies.length,
      warnings: input.warnings.length,
      manualSteps: manualSteps.length,
      notTranslated: project.notes.filter((n) => n.status === 'not-translated').length,
      approximated: project.notes.filter((n) => n.status === 'approximated').length,
    },
    services: [
      ...project.workloads.map((w) => ({
        service: w.service,
        kind: w.kind,
        replicas: w.kind === 'DaemonSet' ? 'one per node' : w.replicas,
        exposure: exposureOf(w),
        persistence: w.volumes.filter((v) => v.type === 'claim' || v.type === 'claimTemplate').map((v) => v.name),
        decidedBy: provenance(w.kindBy),
        env: w.env.map((e) => (e.source === 'secret'
          ? { name: e.name, class: 'secret', secretKey: e.secretKey, reason: e.reason }
          : { name: e.name, class: 'config' })),
        volumes: w.volumes.map((v) => ({ name: v.name, type: v.type, mountPath: v.mountPath, dataLivesIn: dataLivesIn(v) })),
        waits: w.waits.map((x) => ({ service: x.service, condition: x.condition, method: x.method })),
        hostAccess: w.security.hostAccess ? { reason: w.security.hostAccess.reason, decidedBy: provenance(w.security.hostAccess.by) } : null,
        keys: project.notes.filter((n) => n.service === w.service).map(noteFacts),
      })),
      ...project.dependencies.map((d) => ({
        service: d.service,
        kind: `chart ${d.chart}`,
        chart: { name: d.chart, version: d.version, repository: d.repository },
        decidedBy: provenance(d.by),
        keys: project.notes.filter((n) => n.service === d.service).map(noteFacts),
      })),
    ].sort((a, b) => a.service.localeCompare(b.service)),
    secrets: project.secrets.map((s) => ({ key: s.key, usedBy: s.usedBy })),
    rewrites: project.rewrites.map((r) => ({ service: r.service, variable: r.variable, from: r.from, to: r.to })),
    dependencies: project.edges,
    validation: input.validation,
    warnings: input.warnings.map((w) => ({ code: w.code, message: w.message, at: w.at ? where(w.at) : null })),
    manualSteps,
  };
}

export function emitReport(input: ReportInput): { path: string; text: string }[] {
  const facts = reportFacts(input);
  return [
    { path: 'MIGRATION.md', text: migrationMarkdown(input, facts) },
    { path: 'migration-report.json', text: `${JSON.stringify(facts, null, 2)}\n` },
  ];
}

function noteFacts(n: Note) {
  return { key: n.key, status: n.status, message: n.message, action: n.action ?? null, at: n.at ? where(n.at) : null };
}

function where(at: Position): string {
  return `${at.file}:${at.line}:${at.col}`;
}

function provenance(p: Provenance): string {
  switch (p.kind) {
    case 'rule': return `rule "${p.name}" (${where(p.at)})`;
    case 'compose': return `compose ${p.key} (${where(p.at)})`;
    case 'inferred': return `default: ${p.reason}${p.at ? ` (${where(p.at)})` : ''}`;
  }
}

function exposureOf(w: Workload): string {
  if (w.security.hostNetwork) return 'host network';
  if (w.ports.length === 0) return 'none';
  if (w.ports.some((p) => p.published)) return 'ClusterIP (NodePort in dev)';
  if (w.ports.some((p) => p.loopbackPort !== undefined)) return 'ClusterIP (port-forward in dev)';
  return 'ClusterIP';
}

function dataLivesIn(v: Workload['volumes'][number]): string {
  switch (v.type) {
    case 'claim': return `PersistentVolumeClaim ${v.claim}${v.sharedWith.length > 0 ? ` (shared with ${v.sharedWith.join(', ')})` : ''}`;
    case 'claimTemplate': return 'a PersistentVolumeClaim per pod (volumeClaimTemplates)';
    case 'hostPath': return `the node's ${v.hostPath}`;
    case 'emptyDir': return v.medium === 'Memory' ? 'memory, lost with the pod' : 'the pod, lost when it is deleted';
    case 'configFile': return `ConfigMap ${v.configMap} (from the project files)`;
  }
}

function manualStepsOf(input: ReportInput): string[] {
  const { project } = input;
  const steps: string[] = [];
  if (project.secrets.length > 0) {
    steps.push(`Provide production secrets: ${project.secrets.map((s) => `secrets.${s.key}`).join(', ')} (or secrets.existingSecret).`);
  }
  const claims = project.workloads.flatMap((w) => w.persistence.map((p) => `${w.valuesKey}.persistence.${p.name}`));
  if (claims.length > 0) steps.push(`Pick storage classes and sizes: ${claims.join(', ')}.`);
  const built = project.builds.map((b) => b.image);
  if (built.length > 0) steps.push(`Push the built images to a registry the cluster can pull from: ${built.join(', ')}.`);
  for (const d of project.dependencies) steps.push(`Run \`helm dependency build\` to fetch ${d.chart} ${d.version}, and review its values.`);
  for (const n of project.notes) {
    if (n.status !== 'translated' && n.action) steps.push(`${n.service ?? 'project'}: ${n.key}: ${n.action}.`);
  }
  return [...new Set(steps)];
}

function migrationMarkdown(input: ReportInput, facts: Record<string, unknown>): string {
  const { project } = input;
  const summary = facts.summary as Record<string, number>;
  const out: string[] = [];
  out.push(`# Migration report: ${project.chart.name}`, '');
  out.push(`Generated by compose2helm from ${input.inputs.map((f) => `\`${f}\``).join(', ')}. Regenerate with \`compose2helm migrate\`; CI checks it with \`compose2helm migrate --check\`.`, '');
  out.push('## Summary', '');
  out.push(`${summary.services} compose services → ${summary.workloads} workloads and ${summary.chartDependencies} chart dependencies. ${summary.warnings} warnings, ${summary.manualSteps} manual steps, ${summary.approximated} approximations, ${summary.notTranslated} keys not translated.`, '');
  out.push('| compose service | Kubernetes | replicas | exposure | persistence | decided by |', '| --- | --- | --- | --- | --- | --- |');
  for (const s of facts.services as Record<string, unknown>[]) {
    const persistence = (s.persistence as string[] | undefined)?.join(', ') || (s.chart ? 'subchart' : '—');
    out.push(`| ${s.service} | ${s.kind} | ${s.replicas ?? '—'} | ${s.exposure ?? 'subchart Service'} | ${persistence} | ${s.decidedBy} |`);
  }
  out.push('', '## Dependencies', '', '```mermaid', 'graph LR');
  const node = (name: string) => name.replace(/[^A-Za-z0-9_]/g, '_');
  for (const w of project.workloads) out.push(`  ${node(w.service)}["${w.service}<br/>${w.kind}"]`);
  for (const d of project.dependencies) out.push(`  ${node(d.service)}[("${d.service}<br/>chart ${d.chart}")]`);
  for (const e of project.edges) out.push(`  ${node(e.from)} -->|"${e.condition}: ${e.enforcedBy}"| ${node(e.to)}`);
  out.push('```', '');
  if (project.rewrites.length > 0) {
    out.push('## Service references rewritten', '', '| service | variable | compose value | in the chart |', '| --- | --- | --- | --- |');
    for (const r of project.rewrites) out.push(`| ${r.service} | ${r.variable} | \`${r.from}\` | \`${r.to}\` |`);
    out.push('');
  }
  out.push('## Services', '');
  for (const s of facts.services as Record<string, unknown>[]) {
    out.push(`### ${s.service}`, '', `**${s.kind}**, decided by ${s.decidedBy}.`, '');
    const env = (s.env as { name: string; class: string; reason?: string }[] | undefined) ?? [];
    if (env.length > 0) {
      out.push('Environment (names only):', '');
      for (const e of env) out.push(`- \`${e.name}\`: ${e.class}${e.reason ? ` (${e.reason})` : ''}`);
      out.push('');
    }
    const volumes = (s.volumes as { name: string; mountPath: string; dataLivesIn: string }[] | undefined) ?? [];
    if (volumes.length > 0) {
      out.push('Volumes:', '');
      for (const v of volumes) out.push(`- \`${v.mountPath}\` → ${v.dataLivesIn}`);
      out.push('');
    }
    const host = s.hostAccess as { reason: string; decidedBy: string } | null | undefined;
    if (host) out.push(`Host access granted: ${host.reason} — ${host.decidedBy}.`, '');
    const keys = s.keys as { key: string; status: string; message: string; action: string | null; at: string | null }[];
    if (keys.length > 0) {
      out.push('| compose key | status | what it became | where |', '| --- | --- | --- | --- |');
      for (const k of keys) out.push(`| \`${k.key}\` | ${k.status} | ${k.message}${k.action ? ` — ${k.action}` : ''} | ${k.at ?? ''} |`);
      out.push('');
    }
  }
  out.push('## Validation (rules from the design)', '', '| rule | result | detail |', '| --- | --- | --- |');
  for (const v of input.validation) out.push(`| ${v.rule} | ${v.status} | ${v.detail} |`);
  out.push('');
  if (input.warnings.length > 0) {
    out.push('## Warnings', '');
    for (const w of input.warnings) out.push(`- ${w.at ? `${where(w.at)}: ` : ''}${w.message}`);
    out.push('');
  }
  out.push('## Manual follow-ups', '');
  for (const step of facts.manualSteps as string[]) out.push(`- [ ] ${step}`);
  out.push('');
  return out.join('\n');
}
