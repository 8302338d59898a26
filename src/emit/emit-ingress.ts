/**
 * Optional Ingress for a service compose publishes (on any interface, loopback included: a port
 * published for the developer is usually the one users reach in production). The seed asks for
 * ClusterIP plus an optional Ingress in production, so it is off until values turn it on.
 */
import type { Workload } from '../model/project.js';
import type { ValuesBuilder } from './values-builder.js';
import { TemplateDoc, nestedText } from './yaml-text.js';

export function emitIngress(w: Workload, chart: string, values: ValuesBuilder, enabled: string): { path: string; text: string } | undefined {
  const port = w.ports.find((p) => p.protocol === 'TCP' && (p.published || p.loopbackPort !== undefined));
  if (!port || w.security.hostNetwork) return undefined;
  const at = (...path: string[]) => [w.valuesKey, 'ingress', ...path];
  const on = values.add(at('enabled'), false, `Expose ${w.service} through an Ingress (with networkPolicy.enabled, also allow your ingress controller in networkPolicy.extraIngress).`);
  const className = values.add(at('className'), '', 'IngressClass name; empty uses the cluster default.', { type: 'string' });
  const host = values.add(at('host'), '', 'Host name, e.g. app.example.com; empty matches every host.', { type: 'string' });
  const path = values.add(at('path'), '/', 'URL path prefix routed to the service.', { type: 'string', pattern: '^/' });
  const tlsSecret = values.add(at('tlsSecretName'), '', 'Secret with the TLS certificate for the host; empty serves plain HTTP.', { type: 'string' });
  const annotations = values.add(at('annotations'), {}, 'Annotations for the ingress controller.', { type: 'object', additionalProperties: { type: 'string' } });

  const t = new TemplateDoc();
  const block = (lines: (pad: string) => string[]) => t.block((column) => lines(' '.repeat(column)).join('\n'));
  const body = t.render({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: t.inline(() => `{{ include "${chart}.fullname" . }}-${w.name}`),
      labels: t.inline(nestedText(`include "${chart}.labels" (dict "ctx" $ "component" "${w.name}")`)),
      [block((pad) => [`${pad}{{- with ${annotations} }}`, `${pad}annotations:`, `${pad}  {{- toYaml . | nindent ${pad.length + 2} }}`, `${pad}{{- end }}`])]: null,
    },
    spec: {
      [block((pad) => [`${pad}{{- with ${className} }}`, `${pad}ingressClassName: {{ . | quote }}`, `${pad}{{- end }}`])]: null,
      [block((pad) => [
        `${pad}{{- if ${tlsSecret} }}`,
        `${pad}tls:`,
        `${pad}  - secretName: {{ ${tlsSecret} | quote }}`,
        `${pad}    {{- with ${host} }}`,
        `${pad}    hosts:`,
        `${pad}      - {{ . | quote }}`,
        `${pad}    {{- end }}`,
        `${pad}{{- end }}`,
      ])]: null,
      rules: [{
        http: {
          paths: [{
            path: t.expr(`${path} | quote`),
            pathType: 'Prefix',
            backend: { service: { name: t.inline(() => `{{ include "${chart}.fullname" . }}-${w.name}`), port: { number: port.port } } },
          }],
        },
        [block((pad) => [`${pad}{{- with ${host} }}`, `${pad}host: {{ . | quote }}`, `${pad}{{- end }}`])]: null,
      }],
    },
  });
  return { path: `templates/${w.name}/ingress.yaml`, text: `{{- if and ${enabled} ${on} }}\n${body}{{- end }}\n` };
}
