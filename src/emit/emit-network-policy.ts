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
import { escapeRegExp } from '../text/regexp.js';

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

/** A rewritten reference and the whole Kubernetes name after it. */
const REFERENCE = /fullname" \$ \}\}-([a-z0-9-]*)/g;

/** Per-project lookups, built once (every policy used to rebuild them and scan every workload). */
const indexes = new WeakMap<Project, {
  workloadsByName: Map<string, Workload[]>;
  workloadByService: Map<string, Workload>;
  dependencyByService: Map<string, ChartDependency>;
  /** Service → the workloads that reach it, in workload order. */
  clients: Map<string, Workload[]>;
}>();
function indexOf(project: Project) {
  let index = indexes.get(project);
  if (index) return index;
  const workloadsByName = new Map<string, Workload[]>();
  const push = <T>(map: Map<string, T[]>, key: string, item: T) => (map.get(key) ?? map.set(key, []).get(key)!).push(item);
  for (const x of project.workloads) push(workloadsByName, x.name, x);
  index = {
    workloadsByName,
    workloadByService: new Map(project.workloads.map((x) => [x.service, x])),
    dependencyByService: new Map(project.dependencies.map((d) => [d.service, d])),
    clients: new Map(),
  };
  indexes.set(project, index);
  for (const x of project.workloads) {
    for (const service of reachedServices(x, project)) {
      if (service !== x.service) push(index.clients, service, x);
    }
  }
  return index;
}

function computeReachedServices(w: Workload, project: Project): string[] {
  const reached = new Set(w.waits.map((x) => x.service));
  const texts = [
    ...w.env.flatMap((e) => (e.source === 'config' ? [e.value] : [])),
    ...(w.command ?? []), ...(w.args ?? []),
  ];
  // translate rewrites a reference to `{{ include "<chart>.fullname" $ }}-<name>`: collect the
  // names the references end in and look them up (a pattern per pair of workloads was quadratic).
  const { workloadsByName } = indexOf(project);
  for (const t of texts) {
    for (const m of t.matchAll(REFERENCE)) {
      for (const other of workloadsByName.get(m[1]!) ?? []) if (other.service !== w.service) reached.add(other.service);
    }
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
  const { workloadByService, dependencyByService, clients: clientsOf } = indexOf(project);
  const why: string[] = [];

  // Ingress: who reaches this service, and which of its ports are published.
  const clients = clientsOf.get(w.service) ?? [];
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

/**
 * Pods of a subchart: the standard labels every Bitnami (and `helm create`) chart sets; its name
 * label follows the nameOverride the operator may set under the subchart's values.
 */
function dependencySelector(dep: ChartDependency, t: TemplateDoc): Record<string, unknown> {
  const name = `(index $.Values ${JSON.stringify(dep.valuesKey)} | default dict).nameOverride | default ${JSON.stringify(dep.chart)} | quote`;
  return { matchLabels: { 'app.kubernetes.io/instance': t.expr('.Release.Name'), 'app.kubernetes.io/name': t.expr(name) } };
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
