/**
 * One NetworkPolicy per workload, allowing only the traffic the compose file implies:
 * - ingress to a service's ports from the services that reach it — those that `depends_on` it or
 *   name it in their environment or command (the references translate rewrote);
 * - ingress from anywhere to the ports compose publishes on all interfaces;
 * - egress to the services it reaches (workloads and chart dependencies) and to DNS.
 * Everything else is denied. Host-network pods are not governed by NetworkPolicy at all, so they
 * get none; traffic *from* them arrives from a node address, and traffic *to* them goes to one,
 * which no pod selector matches — those ports are opened without a peer, and the comment says why.
 * `networkPolicy.extraIngress`/`extraEgress` add the operator's own rules (ingress controller,
 * external APIs) to every policy.
 */
import type { ChartDependency, Project, ServicePort, Workload } from '../model/project.js';
import type { ValuesBuilder } from './values-builder.js';
import { TemplateDoc, nestedText } from './yaml-text.js';

export interface NetworkPolicyRefs {
  enabled: string;
  extraIngress: string;
  extraEgress: string;
}

export function networkPolicyValues(values: ValuesBuilder): NetworkPolicyRefs {
  values.section(['networkPolicy'], 'NetworkPolicies: each service accepts and opens only the connections compose implies (depends_on, service references, published ports), plus DNS.');
  return {
    enabled: values.add(['networkPolicy', 'enabled'], true, 'Create the NetworkPolicies (needs a CNI that enforces them).'),
    extraIngress: values.add(['networkPolicy', 'extraIngress'], [], 'Extra ingress rules added to every policy, e.g. from your ingress controller\'s namespace.', { type: 'array', items: { type: 'object' } }),
    extraEgress: values.add(['networkPolicy', 'extraEgress'], [], 'Extra egress rules added to every policy, e.g. to an external API.', { type: 'array', items: { type: 'object' } }),
  };
}

/**
 * Per project and workload: each policy asks who reaches it, which asks every other workload, so
 * without the cache a project of n services compiles n³ patterns (300 services took minutes).
 */
const reachedCache = new WeakMap<Project, Map<Workload, string[]>>();

/** Services `w` talks to: its depends_on targets and the services its env or command names. */
export function reachedServices(w: Workload, project: Project): string[] {
  let cache = reachedCache.get(project);
  if (!cache) reachedCache.set(project, (cache = new Map()));
  const cached = cache.get(w);
  if (cached) return cached;
  const reached = computeReachedServices(w, project);
  cache.set(w, reached);
  return reached;
}

function computeReachedServices(w: Workload, project: Project): string[] {
  const reached = new Set(w.waits.map((x) => x.service));
  const texts = [
    ...w.env.flatMap((e) => (e.source === 'config' ? [e.value] : [])),
    ...(w.command ?? []), ...(w.args ?? []),
  ];
  for (const other of project.workloads) {
    if (other.service === w.service) continue;
    // translate rewrites a reference to `{{ include "<chart>.fullname" $ }}-<name>`.
    const pattern = new RegExp(`fullname" \\$ \\}\\}-${other.name}(?![a-z0-9-])`);
    if (texts.some((t) => pattern.test(t))) reached.add(other.service);
  }
  for (const dep of project.dependencies) {
    if (texts.some((t) => t.includes(dep.serviceName) && !new RegExp(`${escapeRegExp(dep.serviceName)}[a-z0-9-]`).test(t))) reached.add(dep.service);
  }
  reached.delete(w.service);
  return [...reached].sort();
}

export function emitNetworkPolicy(w: Workload, project: Project, chart: string, refs: NetworkPolicyRefs, enabled: string): { path: string; text: string } | undefined {
  if (w.security.hostNetwork) return undefined;
  const t = new TemplateDoc();
  const selectorOf = (name: string) => ({ matchLabels: t.inline(nestedText(`include "${chart}.selectorLabels" (dict "ctx" $ "component" "${name}")`)) });
  const workloadByService = new Map(project.workloads.map((x) => [x.service, x]));
  const dependencyByService = new Map(project.dependencies.map((d) => [d.service, d]));
  const why: string[] = [];

  // Ingress: who reaches this service, and which of its ports are published.
  const clients = project.workloads.filter((x) => x.service !== w.service && reachedServices(x, project).includes(w.service));
  const ingress: Record<string, unknown>[] = [];
  if (w.ports.length > 0) {
    const podClients = clients.filter((c) => !c.security.hostNetwork);
    const hostClients = clients.filter((c) => c.security.hostNetwork);
    // Open to anyone: published ports, and every port a host-network client uses.
    const open = hostClients.length > 0 ? w.ports : w.ports.filter((p) => p.published);
    const closed = w.ports.filter((p) => !open.includes(p));
    if (podClients.length > 0 && closed.length > 0) {
      ingress.push({ from: podClients.map((c) => ({ podSelector: selectorOf(c.name) })), ports: policyPorts(closed) });
      why.push(`${portList(closed)} from ${names(podClients.map((c) => c.service))}`);
    }
    if (open.length > 0) {
      ingress.push({ ports: policyPorts(open) });
      const reason = hostClients.length > 0 ? `host-network ${names(hostClients.map((c) => c.service))} connects from node addresses` : 'published by compose';
      why.push(`${portList(open)} from anywhere (${reason})`);
    }
  }

  // Egress: DNS, then every service this one reaches.
  const egress: Record<string, unknown>[] = [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }];
  const reached: string[] = [];
  for (const service of reachedServices(w, project)) {
    const target = workloadByService.get(service);
    const dep = dependencyByService.get(service);
    if (target && target.ports.length > 0) {
      egress.push(target.security.hostNetwork
        ? { ports: policyPorts(target.ports) }
        : { to: [{ podSelector: selectorOf(target.name) }], ports: policyPorts(target.ports) });
      reached.push(target.security.hostNetwork ? `${service} (host network)` : service);
    } else if (dep) {
      egress.push({ to: [{ podSelector: dependencySelector(dep, t) }], ports: [{ port: dep.port, protocol: 'TCP' }] });
      reached.push(service);
    }
  }

  const body = t.render({
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
    metadata: {
      name: t.inline(() => `{{ include "${chart}.fullname" . }}-${w.name}`),
      labels: t.inline(nestedText(`include "${chart}.labels" (dict "ctx" $ "component" "${w.name}")`)),
    },
    spec: {
      podSelector: selectorOf(w.name),
      policyTypes: ['Ingress', 'Egress'],
      ...listWithExtras(t, 'ingress', ingress, refs.extraIngress),
      ...listWithExtras(t, 'egress', egress, refs.extraEgress),
    },
  });
  const summary = [
    `# ${w.service} accepts ${why.length > 0 ? why.join('; ') : 'no connections'},`,
    `# and connects to ${names([...reached, 'DNS'])}.`,
  ];
  return {
    path: `templates/${w.name}/networkpolicy.yaml`,
    text: `{{- if and ${refs.enabled} ${enabled} }}\n${summary.join('\n')}\n${body}{{- end }}\n`,
  };
}

/** NetworkPolicy ports name the pod's port (after the Service's translation). */
function policyPorts(ports: ServicePort[]): { port: number; protocol: string }[] {
  const seen = new Set<string>();
  return ports.flatMap((p) => {
    const key = `${p.targetPort}/${p.protocol}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ port: p.targetPort, protocol: p.protocol }];
  });
}

/** Pods of a subchart: the standard labels every Bitnami (and `helm create`) chart sets. */
function dependencySelector(dep: ChartDependency, t: TemplateDoc): Record<string, unknown> {
  return { matchLabels: { 'app.kubernetes.io/instance': t.expr('.Release.Name'), 'app.kubernetes.io/name': dep.chart } };
}

/** `key:` with the static rules, then the operator's extras; `key: []` (deny all) when both are empty. */
function listWithExtras(t: TemplateDoc, key: string, rules: Record<string, unknown>[], extras: string): Record<string, unknown> {
  if (rules.length > 0) {
    return {
      [key]: rules,
      [t.block((column) => {
        const pad = ' '.repeat(column);
        return `${pad}{{- with ${extras} }}\n${pad}{{- toYaml . | nindent ${column + 2} }}\n${pad}{{- end }}`;
      })]: null,
    };
  }
  return {
    [t.block((column) => {
      const pad = ' '.repeat(column);
      return `${pad}{{- with ${extras} }}\n${pad}${key}: {{- toYaml . | nindent ${column + 2} }}\n${pad}{{- else }}\n${pad}${key}: []\n${pad}{{- end }}`;
    })]: null,
  };
}

function portList(ports: ServicePort[]): string {
  return `${ports.length > 1 ? 'ports' : 'port'} ${ports.map((p) => p.targetPort).join(', ')}`;
}

function names(list: string[]): string {
  return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
