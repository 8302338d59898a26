/**
 * A pod's identity and privileges: one ServiceAccount per workload that mounts no API token
 * (nothing in a compose project talks to the Kubernetes API), and security contexts.
 *
 * Defaults follow a simple line. Compose runs every container under the runtime's default seccomp
 * profile, so every pod gets `seccompProfile: RuntimeDefault` — the same confinement, made explicit.
 * A workload the compose file grants nothing extra (no `privileged`, no `cap_add`, no host access)
 * additionally gets `allowPrivilegeEscalation: false` and `capabilities.drop: [ALL]`, the
 * PodSecurity "restricted" container settings. A workload compose *does* grant privileges keeps
 * exactly those, no more and no less. `runAsNonRoot` is not switched on by default: whether an
 * image runs as root is a property of the image, which we cannot see, and many (OVN, PostgreSQL)
 * do; it is set only when compose's `user:` names a non-root UID.
 */
import type { Workload } from '../model/project.js';
import type { ValuesBuilder } from './values-builder.js';
import { TemplateDoc, nestedText } from './yaml-text.js';

export interface PodSecurityRefs {
  /** `.Values.<svc>.serviceAccount` (create/name/automount). */
  serviceAccount: string;
  podSecurityContext: string;
  securityContext: string;
}

/** True when compose gives the service more than an ordinary container gets. */
export function needsPrivileges(w: Workload): boolean {
  const s = w.security;
  return s.privileged || s.capAdd.length > 0 || s.hostNetwork || s.hostPID || w.volumes.some((v) => v.type === 'hostPath');
}

export function defaultPodSecurityContext(w: Workload): Record<string, unknown> {
  const s = w.security;
  const ctx: Record<string, unknown> = {};
  if (s.runAsUser !== undefined && s.runAsUser !== 0) ctx.runAsNonRoot = true;
  if (s.runAsUser !== undefined) ctx.runAsUser = s.runAsUser;
  if (s.runAsGroup !== undefined) ctx.runAsGroup = s.runAsGroup;
  ctx.seccompProfile = { type: 'RuntimeDefault' };
  if (s.sysctls.length > 0) ctx.sysctls = s.sysctls;
  return ctx;
}

export function defaultContainerSecurityContext(w: Workload): Record<string, unknown> {
  const s = w.security;
  const ctx: Record<string, unknown> = {};
  if (needsPrivileges(w)) {
    if (s.privileged) ctx.privileged = true;
    if (s.capAdd.length > 0 || s.capDrop.length > 0) {
      ctx.capabilities = { ...(s.capAdd.length > 0 ? { add: s.capAdd } : {}), ...(s.capDrop.length > 0 ? { drop: s.capDrop } : {}) };
    }
  } else {
    ctx.allowPrivilegeEscalation = false;
    ctx.capabilities = { drop: ['ALL'] };
  }
  if (s.readOnlyRootFilesystem) ctx.readOnlyRootFilesystem = true;
  return ctx;
}

/** Adds `<svc>.serviceAccount`, `<svc>.podSecurityContext` and `<svc>.securityContext`. */
export function podSecurityValues(w: Workload, values: ValuesBuilder): PodSecurityRefs {
  const at = (...path: string[]) => [w.valuesKey, ...path];
  values.add(at('serviceAccount', 'create'), true, 'Create a ServiceAccount for this service.');
  values.add(at('serviceAccount', 'name'), '', 'ServiceAccount name; empty means "<fullname>-<service>" when created, else "default".');
  values.add(at('serviceAccount', 'automount'), false, 'Mount an API token into the pods; only needed by code that calls the Kubernetes API.');
  const privileged = needsPrivileges(w);
  const podSecurityContext = values.add(at('podSecurityContext'), defaultPodSecurityContext(w),
    w.security.runAsUser !== undefined
      ? 'Pod security context; the UID comes from compose `user:`.'
      : 'Pod security context. Add runAsNonRoot: true and runAsUser when the image runs as a non-root user.',
    { type: 'object' });
  const securityContext = values.add(at('securityContext'), defaultContainerSecurityContext(w),
    privileged
      ? `Container security context: the privileges compose grants (${privilegeSummary(w)}).`
      : 'Container security context. If an image that runs as root needs a capability (chown or setuid at start), add it under capabilities.add.',
    { type: 'object' });
  return { serviceAccount: `.Values.${w.valuesKey}.serviceAccount`, podSecurityContext, securityContext };
}

function privilegeSummary(w: Workload): string {
  const s = w.security;
  const parts: string[] = [];
  if (s.privileged) parts.push('privileged');
  if (s.capAdd.length > 0) parts.push(`cap_add ${s.capAdd.join(', ')}`);
  if (s.hostNetwork) parts.push('host network');
  if (s.hostPID) parts.push('host PID');
  if (w.volumes.some((v) => v.type === 'hostPath')) parts.push('host paths');
  return parts.join(', ');
}

/** The `serviceAccountName` expression of a pod spec. */
export function serviceAccountNameExpr(chart: string, w: Workload, refs: PodSecurityRefs): string {
  return `include "${chart}.serviceAccountName" (dict "ctx" $ "component" "${w.name}" "serviceAccount" ${refs.serviceAccount})`;
}

export function serviceAccountTemplate(w: Workload, chart: string, enabled: string, refs: PodSecurityRefs): string {
  const t = new TemplateDoc();
  const body = t.render({
    apiVersion: 'v1', kind: 'ServiceAccount',
    metadata: {
      name: t.expr(serviceAccountNameExpr(chart, w, refs)),
      labels: t.inline(nestedText(`include "${chart}.labels" (dict "ctx" $ "component" "${w.name}")`)),
    },
    automountServiceAccountToken: t.expr(`${refs.serviceAccount}.automount`),
  });
  return `{{- if and ${enabled} ${refs.serviceAccount}.create }}\n${body}{{- end }}\n`;
}
