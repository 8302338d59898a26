/**
 * PodDisruptionBudget for a replicated Deployment, so a node drain never takes every replica at
 * once. Rendered on the replica count the release actually uses, so `--set <svc>.replicaCount=3`
 * gets one and a single replica (which a budget would only block drains for) does not.
 */
import type { Workload } from '../model/project.js';
import type { ValuesBuilder } from './values-builder.js';
import { TemplateDoc, nestedText } from './yaml-text.js';

export function emitDisruptionBudget(w: Workload, chart: string, values: ValuesBuilder, enabled: string, replicas: string): { path: string; text: string } {
  const maxUnavailable = values.add([w.valuesKey, 'podDisruptionBudget', 'maxUnavailable'], 1,
    'Pods that may be down at once during node drains; a PodDisruptionBudget exists when replicaCount > 1.',
    { type: ['integer', 'string'], minimum: 0, pattern: '^[0-9]+%$' });
  const t = new TemplateDoc();
  const body = t.render({
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget',
    metadata: {
      name: t.inline(() => `{{ include "${chart}.fullname" . }}-${w.name}`),
      labels: t.inline(nestedText(`include "${chart}.labels" (dict "ctx" $ "component" "${w.name}")`)),
    },
    spec: {
      maxUnavailable: t.expr(maxUnavailable),
      selector: { matchLabels: t.inline(nestedText(`include "${chart}.selectorLabels" (dict "ctx" $ "component" "${w.name}")`)) },
    },
  });
  return { path: `templates/${w.name}/poddisruptionbudget.yaml`, text: `{{- if and ${enabled} (gt (int ${replicas}) 1) }}\n${body}{{- end }}\n` };
}
