/**
 * A secret value must live in exactly one place, the chart's Secret. Once every service is
 * translated, this pass looks for secret values that also appear elsewhere and replaces each
 * occurrence by a reference:
 * - a config env var equal to a secret → a secret env var on the same key;
 * - a config env var containing one (the password inside `postgres://user:pass@db/x`) → an
 *   explicit `env:` entry whose value says `$(DB_PASSWORD)`. Kubernetes expands `$(VAR)` only in
 *   `env` values, `command` and `args` — not in envFrom/ConfigMaps — and only for variables
 *   defined earlier in the list, so the emitter lists these after the secret variables;
 * - a `command`/`entrypoint` argument → `$(VAR)`, which Kubernetes expands in args too;
 * - a healthcheck command → `${VAR}` in `sh -c` (exec probes see no `$(VAR)` expansion).
 * A referenced secret the service had no variable for gets one. Matches are whole tokens (not
 * inside a longer word) and never inside `{{ … }}` template expressions.
 */
import type { Note, Probe, Project, SecretKey, Workload } from '../model/project.js';
import { byCodeUnit } from '../text/order.js';
import { escapeRegExp } from '../text/regexp.js';

/** Shorter values match too much ordinary text to be replaced safely. */
const MIN_SECRET_LENGTH = 3;

export function referenceSecrets(project: Project): void {
  const candidates = project.secrets
    .filter((s) => s.devValue.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.devValue.length - a.devValue.length || byCodeUnit(a.key, b.key));
  if (candidates.length === 0) return;
  for (const w of project.workloads) referenceInWorkload(w, candidates, project);
}

function referenceInWorkload(w: Workload, candidates: SecretKey[], project: Project): void {
  const note = (key: string, message: string) => project.notes.push({ service: w.service, key, status: 'translated', message } satisfies Note);

  /** The service's env var holding `secret`, created when it has none. */
  const variableFor = (secret: SecretKey, where: string): string => {
    const existing = w.env.find((e) => e.source === 'secret' && e.secretKey === secret.key);
    if (existing) return existing.name;
    const base = secret.key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
    let name = base;
    for (let i = 2; w.env.some((e) => e.name === name); i++) name = `${base}_${i}`;
    w.env.push({
      source: 'secret', name, secretKey: secret.key, reason: `holds secrets.${secret.key}, which ${where} uses`,
      by: { kind: 'inferred', reason: `the value of secrets.${secret.key} appears in ${where}` },
    });
    secret.usedBy.push(`${w.service}.${name}`);
    return name;
  };

  const substitute = (text: string, where: string, reference: (variable: string) => string, escape: (plain: string) => string) => {
    const used: string[] = [];
    const out = splitTemplates(text).map(({ text: part, template }) => {
      if (template) return part;
      // Mark each match with a private-use sentinel first, then escape the remaining text, so a
      // literal `$(` the user wrote is not mistaken for one of our references.
      let marked = part;
      const hits: string[] = [];
      for (const secret of candidates) {
        // Most texts hold no secret: a substring search rules that out before building a RegExp.
        if (!marked.includes(secret.devValue)) continue;
        const pattern = new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(secret.devValue)}(?![A-Za-z0-9])`, 'g');
        if (!pattern.test(marked)) continue;
        const variable = variableFor(secret, where);
        if (!used.includes(variable)) used.push(variable);
        marked = marked.replace(pattern, () => `\u{F0000}${hits.push(variable) - 1}\u{F0001}`);
      }
      if (hits.length === 0) return part;
      return escape(marked).replace(/\u{F0000}(\d+)\u{F0001}/gu, (_m, i: string) => reference(hits[Number(i)]!));
    }).join('');
    return { text: out, used };
  };
  const expansion = (v: string) => `$(${v})`;
  const escapeExpansion = (plain: string) => plain.replace(/\$\(/g, '$$$$(');

  w.env.forEach((entry, index) => {
    if (entry.source !== 'config') return;
    const whole = candidates.find((s) => s.devValue === entry.value);
    if (whole) {
      w.env[index] = { source: 'secret', name: entry.name, secretKey: whole.key, reason: `its value is secrets.${whole.key}`, by: entry.by };
      whole.usedBy.push(`${w.service}.${entry.name}`);
      note('environment', `${entry.name} holds the same value as secrets.${whole.key}: it reads that Secret key`);
      return;
    }
    const { text, used } = substitute(entry.value, `env ${entry.name}`, expansion, escapeExpansion);
    if (used.length === 0) return;
    entry.value = text;
    entry.secretRefs = used;
    if (entry.rewrittenFrom !== undefined) entry.rewrittenFrom = substitute(entry.rewrittenFrom, `env ${entry.name}`, expansion, escapeExpansion).text;
    for (const r of project.rewrites) {
      if (r.service !== w.service || r.variable !== entry.name) continue;
      r.from = substitute(r.from, `env ${entry.name}`, expansion, escapeExpansion).text;
      r.to = text;
    }
    note('environment', `${entry.name} embeds a secret: the value references ${used.map(expansion).join(', ')} and is set as an explicit env entry after it`);
  });

  for (const field of ['command', 'args'] as const) {
    const argv = w[field];
    if (!argv) continue;
    const key = field === 'command' ? 'entrypoint' : 'command';
    const refs: string[] = [];
    w[field] = argv.map((arg) => {
      const { text, used } = substitute(arg, key, expansion, escapeExpansion);
      refs.push(...used.filter((u) => !refs.includes(u)));
      return text;
    });
    if (refs.length > 0) note(key, `a secret value in ${key} is replaced by ${refs.map(expansion).join(', ')}, which Kubernetes expands from the Secret`);
  }

  if (w.probes) {
    const refs: string[] = [];
    const rewrite = (probe: Probe) => {
      const shell = (v: string) => `\${${v}}`;
      if (probe.command.length === 3 && probe.command[0] === 'sh' && probe.command[1] === '-c') {
        const { text, used } = substitute(probe.command[2]!, 'healthcheck', shell, (p) => p);
        refs.push(...used);
        probe.command = ['sh', '-c', text];
        return;
      }
      // An exec probe becomes `sh -c`: the argument holding the secret is double-quoted with
      // `$`, `"`, `\` and backticks escaped around the inserted `${VAR}`; the others single-quoted.
      const local: string[] = [];
      const words = probe.command.map((arg) => {
        const { text, used } = substitute(arg, 'healthcheck', shell, (plain) => plain.replace(/([$"`\\])/g, '\\$1'));
        local.push(...used);
        return used.length > 0 ? `"${text}"` : `'${arg.replace(/'/g, `'\\''`)}'`;
      });
      if (local.length === 0) return;
      refs.push(...local);
      probe.command = ['sh', '-c', words.join(' ')];
    };
    rewrite(w.probes.readiness);
    rewrite(w.probes.liveness);
    if (w.probes.startup) rewrite(w.probes.startup);
    if (refs.length > 0) note('healthcheck', `a secret value in the healthcheck is read from ${[...new Set(refs)].map((r) => `$${r}`).join(', ')} inside sh -c`);
  }
}

/** Splits text into literal parts and `{{ … }}` template expressions (kept untouched). */
function splitTemplates(text: string): { text: string; template: boolean }[] {
  // What the split answers for the usual text, which holds no template.
  if (!text.includes('{{')) return text === '' ? [] : [{ text, template: false }];
  return text.split(/(\{\{.*?\}\})/s).filter((p) => p !== '').map((p) => ({ text: p, template: p.startsWith('{{') && p.endsWith('}}') }));
}
