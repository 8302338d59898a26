/**
 * One workload → its templates (workload, Service, ConfigMaps, claims) and its values.
 * Manifests are built as objects and rendered once through TemplateDoc; every `.Values` path a
 * template reads comes from the ValuesBuilder call that defined it.
 */
import type { PodVolume, Project, Workload } from '../model/project.js';
import { TemplateDoc, nestedText, nestedYaml } from './yaml-text.js';
import { valuesRef, type ValuesBuilder } from './values-builder.js';
import { podSecurityValues, serviceAccountNameExpr, serviceAccountTemplate, type PodSecurityRefs } from './emit-pod-security.js';
import { emitDisruptionBudget } from './emit-disruption-budget.js';
import { emitNetworkPolicy, type NetworkPolicyRefs } from './emit-network-policy.js';
import { emitIngress } from './emit-ingress.js';
import { byCodeUnit } from '../text/order.js';
import { emptyRecord } from '../text/record.js';

export interface EmittedFile {
  path: string;
  text: string;
}

export interface WorkloadContext {
  chart: string;
  values: ValuesBuilder;
  project: Project;
  /** `.Values` paths of the init-container images, by wait method. */
  initImage: (method: 'tcp' | 'pg_isready') => string;
  initResources: string;
  /** `.Values` path of the wait init containers' security context. */
  initSecurityContext: string;
  networkPolicy: NetworkPolicyRefs;
  /** Claims already emitted (shared named volumes get one PVC). */
  emittedClaims: Set<string>;
}

const KIND_FILE: Record<Workload['kind'], string> = {
  Deployment: 'deployment.yaml', StatefulSet: 'statefulset.yaml', DaemonSet: 'daemonset.yaml', Job: 'job.yaml', CronJob: 'cronjob.yaml',
};

export function emitWorkload(w: Workload, ctx: WorkloadContext): EmittedFile[] {
  const { values, chart } = ctx;
  const key = w.valuesKey;
  const at = (...path: string[]) => [key, ...path];
  values.section([key], `${w.service}: ${w.kind} (compose service "${w.service}")`);
  const enabled = values.add(at('enabled'), true, `Deploy ${w.service}.`);
  const files: EmittedFile[] = [];
  const dir = `templates/${w.name}`;
  const wrap = (text: string) => `{{- if ${enabled} }}\n${text}{{- end }}\n`;

  const replicas = w.kind === 'Deployment' || w.kind === 'StatefulSet'
    ? values.add(at('replicaCount'), w.replicas, 'Number of pods.', { type: 'integer', minimum: 0 })
    : undefined;
  const image = {
    repository: values.add(at('image', 'repository'), w.image.repository, w.image.built ? 'Image built from the compose build context (skaffold sets it in dev).' : 'Image repository.'),
    tag: values.add(at('image', 'tag'), w.image.tag, 'Image tag.', { type: ['string', 'number'] }),
    pullPolicy: values.add(at('image', 'pullPolicy'), 'IfNotPresent', 'Image pull policy.', { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] }),
    /** The image map itself, for the chart's image helper. */
    map: valuesRef(at('image')),
  };

  type ConfigEntry = Extract<Workload['env'][number], { source: 'config' }>;
  const config = w.env.filter((e): e is ConfigEntry => e.source === 'config' && !e.secretRefs);
  const expanded = w.env.filter((e): e is ConfigEntry => e.source === 'config' && e.secretRefs !== undefined);
  const expandedRefs = new Map(expanded.map((e) => [e.name, values.add(at('secretRefEnv', e.name), e.value,
    `Set as an explicit env entry: Kubernetes expands its ${e.secretRefs!.map((r) => `$(${r})`).join(', ')} from the Secret.`, { type: 'string' })]));
  let configRef: string | undefined;
  if (config.length > 0) {
    const prodConfig = emptyRecord<string>();
    for (const e of config) prodConfig[e.name] = e.value;
    configRef = values.add(at('config'), prodConfig, 'Environment variables (ConfigMap); values are rendered with tpl, so they may name other releases\' services.', { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } });
    for (const e of config) if (e.devValue !== undefined) values.dev(at('config', e.name), e.devValue);
    files.push({ path: `${dir}/configmap.yaml`, text: wrap(configMapTemplate(w, chart, configRef)) });
  }

  for (const v of w.volumes) {
    if (v.type === 'configFile') files.push({ path: `${dir}/configmap-${v.configMap.slice(w.name.length + 1) || 'files'}.yaml`, text: wrap(fileConfigMapTemplate(w, v, chart)) });
  }

  let serviceType: string | undefined;
  if (w.ports.length > 0 && !w.security.hostNetwork) {
    serviceType = values.add(at('service', 'type'), 'ClusterIP', 'Service type: ClusterIP inside the cluster; NodePort or LoadBalancer to expose it.', { type: 'string', enum: ['ClusterIP', 'NodePort', 'LoadBalancer'] });
    if (w.ports.some((p) => p.published)) values.dev(at('service', 'type'), 'NodePort');
    files.push({ path: `${dir}/service.yaml`, text: wrap(serviceTemplate(w, chart, serviceType, false)) });
    if (w.kind === 'StatefulSet') files.push({ path: `${dir}/service-headless.yaml`, text: wrap(serviceTemplate(w, chart, serviceType, true)) });
    const ingress = emitIngress(w, chart, values, enabled);
    if (ingress) files.push(ingress);
  }

  const resources = values.add(at('resources'), w.resources.prod as unknown as Record<string, unknown>, 'CPU and memory requests and limits (the seed requires limits on every workload).', resourcesSchema());
  values.dev(at('resources'), w.resources.dev as unknown as Record<string, unknown>);

  for (const p of w.persistence) {
    values.add(at('persistence', p.key, 'size'), p.size, `Size of the "${p.name}" volume.`, { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$' });
    values.add(at('persistence', p.key, 'storageClass'), p.storageClass, 'Storage class; empty uses the cluster default.', { type: 'string' });
    values.add(at('persistence', p.key, 'accessModes'), ['ReadWriteOnce'], 'Access modes of the claim.', { type: 'array', minItems: 1, items: { type: 'string', enum: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] } });
    if (p.devSize !== p.size) values.dev(at('persistence', p.key, 'size'), p.devSize);
  }
  for (const v of w.volumes) {
    if (v.type !== 'claim' || ctx.emittedClaims.has(v.claim)) continue;
    ctx.emittedClaims.add(v.claim);
    files.push({ path: `${dir}/pvc-${v.claim}.yaml`, text: wrap(claimTemplate(w, v, chart)) });
  }

  if (w.kind === 'Deployment') files.push(emitDisruptionBudget(w, chart, values, enabled, replicas!));
  const security = podSecurityValues(w, values);
  files.push({ path: `${dir}/serviceaccount.yaml`, text: serviceAccountTemplate(w, chart, enabled, security) });
  const policy = emitNetworkPolicy(w, ctx.project, chart, ctx.networkPolicy, enabled);
  if (policy) files.push(policy);

  const scheduling = {
    nodeSelector: values.add(at('nodeSelector'), {}, 'Node labels for pod assignment.', { type: 'object' }),
    tolerations: values.add(at('tolerations'), [], 'Tolerations for pod assignment.', { type: 'array' }),
    affinity: values.add(at('affinity'), {}, 'Affinity rules for pod assignment.', { type: 'object' }),
  };

  const t = new TemplateDoc();
  const podSpec = buildPodSpec(w, t, ctx, { image, configRef, resources, scheduling, security, expandedRefs });
  const podTemplate = {
    metadata: {
      labels: t.inline(nestedText(`include "${chart}.selectorLabels" (dict "ctx" $ "component" "${w.name}")`)),
      ...podAnnotations(w, t, configRef !== undefined),
    },
    spec: podSpec,
  };
  const metadata = {
    name: t.inline(() => `{{ include "${chart}.fullname" . }}-${w.name}`),
    labels: t.inline(nestedText(`include "${chart}.labels" (dict "ctx" $ "component" "${w.name}")`)),
    ...(w.hook ? { annotations: {
      'helm.sh/hook': w.hook.events.join(','),
      'helm.sh/hook-weight': String(w.hook.weight),
      'helm.sh/hook-delete-policy': 'before-hook-creation',
    } } : {}),
  };
  const selector = { matchLabels: t.inline(nestedText(`include "${chart}.selectorLabels" (dict "ctx" $ "component" "${w.name}")`)) };
  let manifest: Record<string, unknown>;
  switch (w.kind) {
    case 'Deployment':
      manifest = { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { replicas: t.expr(replicas!), selector, template: podTemplate } };
      break;
    case 'StatefulSet':
      manifest = {
        apiVersion: 'apps/v1', kind: 'StatefulSet', metadata,
        spec: {
          serviceName: t.inline(() => `{{ include "${chart}.fullname" . }}-${w.name}-headless`),
          replicas: t.expr(replicas!), selector, template: podTemplate,
          ...(w.persistence.length > 0 ? { volumeClaimTemplates: w.persistence.map((p) => claimTemplateSpec(t, key, p.name, p.key)) } : {}),
        },
      };
      break;
    case 'DaemonSet':
      manifest = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata, spec: { selector, template: podTemplate } };
      break;
    case 'Job':
      manifest = { apiVersion: 'batch/v1', kind: 'Job', metadata, spec: { backoffLimit: 6, template: podTemplate } };
      break;
    case 'CronJob':
      manifest = {
        apiVersion: 'batch/v1', kind: 'CronJob', metadata,
        spec: {
          schedule: t.expr(values.add(at('schedule'), w.schedule ?? '0 0 * * *', 'Cron schedule.', { type: 'string' }) + ' | quote'),
          jobTemplate: { spec: { backoffLimit: 6, template: podTemplate } },
        },
      };
      break;
  }
  files.unshift({ path: `${dir}/${KIND_FILE[w.kind]}`, text: wrap(t.render(manifest)) });
  return files;
}

function resourcesSchema(): Record<string, unknown> {
  const amounts = { type: 'object', additionalProperties: false, properties: { cpu: { type: ['string', 'number'] }, memory: { type: 'string' } } };
  return { type: 'object', additionalProperties: false, required: ['limits'], properties: { requests: amounts, limits: amounts } };
}

function podAnnotations(w: Workload, t: TemplateDoc, hasConfig: boolean): Record<string, unknown> {
  const annotations = emptyRecord<unknown>();
  // A changed ConfigMap or Secret must restart the pods (the seed: config changes restart pods).
  if (hasConfig) annotations['checksum/config'] = t.inline(() => `{{ include (print $.Template.BasePath "/${w.name}/configmap.yaml") . | sha256sum }}`);
  if (w.env.some((e) => e.source === 'secret') || w.volumes.some((v) => v.type === 'secretFile')) annotations['checksum/secrets'] = t.inline(() => `{{ include (print $.Template.BasePath "/secrets.yaml") . | sha256sum }}`);
  for (const v of w.volumes) {
    if (v.type === 'configFile') annotations[`checksum/${v.configMap.slice(w.name.length + 1) || 'files'}`] = t.inline(() => `{{ include (print $.Template.BasePath "/${w.name}/configmap-${v.configMap.slice(w.name.length + 1) || 'files'}.yaml") . | sha256sum }}`);
  }
  for (const [k, v] of Object.entries(w.labels).sort(([a], [b]) => byCodeUnit(a, b))) annotations[k] = v;
  return Object.keys(annotations).length > 0 ? { annotations } : {};
}

interface PodRefs {
  image: { map: string; pullPolicy: string };
  configRef: string | undefined;
  resources: string;
  scheduling: { nodeSelector: string; tolerations: string; affinity: string };
  security: PodSecurityRefs;
  /** `.Values` paths of env vars that embed secrets with `$(VAR)`, by variable name. */
  expandedRefs: Map<string, string>;
}

function buildPodSpec(w: Workload, t: TemplateDoc, ctx: WorkloadContext, refs: PodRefs): Record<string, unknown> {
  const { chart } = ctx;
  const spec: Record<string, unknown> = {};
  if (w.kind === 'Job' || w.kind === 'CronJob') spec.restartPolicy = w.restartPolicy ?? 'OnFailure';
  spec.serviceAccountName = t.expr(serviceAccountNameExpr(chart, w, refs.security));
  spec.automountServiceAccountToken = t.expr(`${refs.security.serviceAccount}.automount`);
  spec[t.block(withBlock('securityContext', refs.security.podSecurityContext))] = null;
  if (w.security.hostNetwork) {
    spec.hostNetwork = true;
    spec.dnsPolicy = 'ClusterFirstWithHostNet';
  }
  if (w.security.hostPID) spec.hostPID = true;
  if (w.terminationGracePeriodSeconds !== undefined) spec.terminationGracePeriodSeconds = w.terminationGracePeriodSeconds;
  if (w.hostAliases.length > 0) spec.hostAliases = w.hostAliases;
  const waits = w.waits.filter((x): x is typeof x & { method: 'tcp' | 'pg_isready'; port: number } => (x.method === 'tcp' || x.method === 'pg_isready') && x.port !== undefined);
  if (waits.length > 0) {
    spec.initContainers = waits.map((wait) => ({
      name: `wait-for-${wait.service.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`.slice(0, 63).replace(/-+$/, ''),
      image: t.inline(() => `{{ include "${chart}.image" ${ctx.initImage(wait.method)} | quote }}`),
      command: wait.method === 'pg_isready'
        ? ['sh', '-c', `until pg_isready -h "${wait.host}" -p ${wait.port}; do echo "waiting for ${wait.service}"; sleep 2; done`]
        : ['sh', '-c', `until nc -z -w 2 "${wait.host}" ${wait.port}; do echo "waiting for ${wait.service}"; sleep 2; done`],
      resources: t.inline(nestedYaml(ctx.initResources)),
      securityContext: t.inline(nestedYaml(ctx.initSecurityContext)),
    }));
  }
  const container: Record<string, unknown> = {
    name: w.name,
    image: t.inline(() => `{{ include "${chart}.image" ${refs.image.map} | quote }}`),
    imagePullPolicy: t.expr(refs.image.pullPolicy),
  };
  if (w.command) container.command = w.command;
  if (w.args) container.args = w.args;
  if (w.workingDir) container.workingDir = w.workingDir;
  if (refs.configRef) container.envFrom = [{ configMapRef: { name: t.inline(() => `{{ include "${chart}.fullname" . }}-${w.name}`) } }];
  const secrets = w.env.filter((e) => e.source === 'secret');
  if (secrets.length > 0) {
    container.env = secrets.map((e) => ({
      name: e.name,
      valueFrom: { secretKeyRef: { name: t.inline(() => `{{ include "${chart}.secretName" . }}`), key: e.secretKey } },
    }));
    // $(VAR) only expands variables defined earlier in the list: these come after the secrets.
    for (const [name, ref] of refs.expandedRefs) (container.env as unknown[]).push({ name, value: t.expr(`tpl (toString ${ref}) $ | quote`) });
  }
  if (w.ports.length > 0) {
    container.ports = w.ports.map((p) => ({ name: p.name, containerPort: p.targetPort, protocol: p.protocol }));
  }
  if (w.probes) {
    const probe = (p: Workload['probes'] extends infer P ? P extends { readiness: infer R } ? R : never : never) => {
      const out: Record<string, unknown> = { exec: { command: p.command } };
      if (p.periodSeconds !== undefined) out.periodSeconds = p.periodSeconds;
      if (p.timeoutSeconds !== undefined) out.timeoutSeconds = p.timeoutSeconds;
      if (p.failureThreshold !== undefined) out.failureThreshold = p.failureThreshold;
      return out;
    };
    container.readinessProbe = probe(w.probes.readiness);
    container.livenessProbe = probe(w.probes.liveness);
    if (w.probes.startup) container.startupProbe = probe(w.probes.startup);
  }
  container.resources = t.inline(nestedYaml(refs.resources));
  container[t.block(withBlock('securityContext', refs.security.securityContext))] = null;
  const mounts = w.volumes.map((v) => volumeMount(v));
  if (mounts.length > 0) container.volumeMounts = mounts;
  spec.containers = [container];
  spec[t.block(withBlock('nodeSelector', refs.scheduling.nodeSelector))] = null;
  spec[t.block(withBlock('tolerations', refs.scheduling.tolerations))] = null;
  spec[t.block(withBlock('affinity', refs.scheduling.affinity))] = null;
  const podVolumes = w.volumes.filter((v) => v.type !== 'claimTemplate').map((v) => podVolume(v, t, chart));
  if (podVolumes.length > 0) spec.volumes = podVolumes;
  return spec;
}

function withBlock(field: string, ref: string) {
  return (column: number) => {
    const pad = ' '.repeat(column);
    return `${pad}{{- with ${ref} }}\n${pad}${field}:\n${pad}  {{- toYaml . | nindent ${column + 2} }}\n${pad}{{- end }}`;
  };
}

function volumeMount(v: PodVolume): Record<string, unknown> {
  const mount: Record<string, unknown> = { name: v.name, mountPath: v.mountPath };
  if (v.type === 'configFile') {
    if (v.singleFile) mount.subPath = v.files[0]!.key;
    mount.readOnly = true;
  } else if (v.type === 'secretFile') {
    mount.subPath = v.fileName;
    mount.readOnly = true;
  } else if ('readOnly' in v && v.readOnly) {
    mount.readOnly = true;
  }
  return mount;
}

function podVolume(v: PodVolume, t: TemplateDoc, chart: string): Record<string, unknown> {
  switch (v.type) {
    case 'claim':
      return { name: v.name, persistentVolumeClaim: { claimName: t.inline(() => `{{ include "${chart}.fullname" . }}-${v.claim}`) } };
    case 'hostPath':
      return { name: v.name, hostPath: { path: v.hostPath, ...(v.hostType ? { type: v.hostType } : {}) } };
    case 'emptyDir':
      return { name: v.name, emptyDir: { ...(v.medium ? { medium: v.medium } : {}), ...(v.sizeLimit ? { sizeLimit: v.sizeLimit } : {}) } };
    case 'configFile':
      return { name: v.name, configMap: { name: t.inline(() => `{{ include "${chart}.fullname" . }}-${v.configMap}`), ...(v.mode !== undefined ? { defaultMode: v.mode } : {}) } };
    case 'secretFile':
      return { name: v.name, secret: { secretName: t.inline(() => `{{ include "${chart}.secretName" . }}`), items: [{ key: v.secretKey, path: v.fileName, ...(v.mode !== undefined ? { mode: v.mode } : {}) }] } };
    case 'claimTemplate':
      throw new Error('claim templates are not pod volumes');
  }
}

function claimTemplateSpec(t: TemplateDoc, key: string, name: string, persistenceKey: string): Record<string, unknown> {
  return {
    metadata: { name },
    spec: {
      accessModes: t.inline(nestedYaml(`.Values.${key}.persistence.${persistenceKey}.accessModes`)),
      [t.block(storageClassBlock(key, persistenceKey))]: null,
      resources: { requests: { storage: t.expr(`.Values.${key}.persistence.${persistenceKey}.size | quote`) } },
    },
  };
}

function storageClassBlock(key: string, name: string) {
  return (column: number) => {
    const pad = ' '.repeat(column);
    return `${pad}{{- with .Values.${key}.persistence.${name}.storageClass }}\n${pad}storageClassName: {{ . | quote }}\n${pad}{{- end }}`;
  };
}

function claimTemplate(w: Workload, v: Extract<PodVolume, { type: 'claim' }>, chart: string): string {
  const t = new TemplateDoc();
  const persistenceKey = w.persistence.find((p) => p.name === v.name)!.key;
  return t.render({
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: {
      name: t.inline(() => `{{ include "${chart}.fullname" . }}-${v.claim}`),
      labels: t.inline(nestedText(`include "${chart}.labels" (dict "ctx" $ "component" "${w.name}")`)),
    },
    spec: {
      accessModes: t.inline(nestedYaml(`.Values.${w.valuesKey}.persistence.${persistenceKey}.accessModes`)),
      [t.block(storageClassBlock(w.valuesKey, persistenceKey))]: null,
      resources: { requests: { storage: t.expr(`.Values.${w.valuesKey}.persistence.${persistenceKey}.size | quote`) } },
    },
  });
}

function configMapTemplate(w: Workload, chart: string, configRef: string): string {
  const t = new TemplateDoc();
  // The key is quoted too: a variable named `yes`, `1.0`, `<<` or `a: b` is a legal name, and
  // written bare it would be read back as a boolean, a number, a merge key or broken YAML.
  const data = t.block((column) => {
    const pad = ' '.repeat(column);
    return `${pad}{{- range $name, $value := ${configRef} }}\n${pad}{{ $name | quote }}: {{ tpl (toString $value) $ | quote }}\n${pad}{{- end }}`;
  });
  return t.render({
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: {
      name: t.inline(() => `{{ include "${chart}.fullname" . }}-${w.name}`),
      labels: t.inline(nestedText(`include "${chart}.labels" (dict "ctx" $ "component" "${w.name}")`)),
    },
    data: { [data]: null },
  });
}

function fileConfigMapTemplate(w: Workload, v: Extract<PodVolume, { type: 'configFile' }>, chart: string): string {
  const t = new TemplateDoc();
  const data = emptyRecord<unknown>();
  for (const f of v.files) {
    // The file's own bytes live in files/; .Files.Get keeps `{{` in them literal.
    data[f.key] = t.expr(`.Files.Get "${chartFilePath(w, v, f.path)}" | quote`);
  }
  return t.render({
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: {
      name: t.inline(() => `{{ include "${chart}.fullname" . }}-${v.configMap}`),
      labels: t.inline(nestedText(`include "${chart}.labels" (dict "ctx" $ "component" "${w.name}")`)),
    },
    data,
  });
}

/** Where a bind-mounted file is copied inside the chart. */
export function chartFilePath(w: Workload, v: Extract<PodVolume, { type: 'configFile' }>, file: string): string {
  return `files/${w.name}/${v.configMap.slice(w.name.length + 1) || 'files'}/${file}`;
}

function serviceTemplate(w: Workload, chart: string, typeRef: string, headless: boolean): string {
  const t = new TemplateDoc();
  const spec: Record<string, unknown> = headless
    ? { clusterIP: 'None', publishNotReadyAddresses: true }
    : { type: t.expr(typeRef) };
  spec.selector = t.inline(nestedText(`include "${chart}.selectorLabels" (dict "ctx" $ "component" "${w.name}")`));
  spec.ports = w.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.name, protocol: p.protocol }));
  return t.render({
    apiVersion: 'v1', kind: 'Service',
    metadata: {
      name: t.inline(() => `{{ include "${chart}.fullname" . }}-${w.name}${headless ? '-headless' : ''}`),
      labels: t.inline(nestedText(`include "${chart}.labels" (dict "ctx" $ "component" "${w.name}")`)),
    },
    spec,
  });
}
