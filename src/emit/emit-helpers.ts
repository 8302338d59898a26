import { byCodeUnit } from '../text/order.js';

/**
 * templates/_helpers.tpl: the usual name/fullname/labels helpers, named after the chart. The
 * secretName helper exists only in charts with secrets, since it reads `.Values.secrets`; each
 * subchart gets a `<chart>.<subchart>.fullname` helper.
 */
export function emitHelpers(chart: string, options: { secrets: boolean; dependencies: string[] }): string {
  return `{{/* Chart name, overridable with nameOverride. */}}
{{- define "${chart}.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Release-qualified name. Every resource is "<fullname>-<service>"; the release name alone is used
when it already contains the chart name.
*/}}
{{- define "${chart}.fullname" -}}
${fullnameRule('.Values', '.Chart.Name')}
{{- end }}

{{- define "${chart}.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels of one service. Call with (dict "ctx" $ "component" "<service>"). */}}
{{- define "${chart}.selectorLabels" -}}
app.kubernetes.io/name: {{ include "${chart}.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component | quote }}
{{- end }}

{{/* Common labels of one service. Call with (dict "ctx" $ "component" "<service>"). */}}
{{- define "${chart}.labels" -}}
helm.sh/chart: {{ include "${chart}.chart" .ctx }}
{{ include "${chart}.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
{{- end }}

{{/* "repository:tag", or "repository@sha256:…" when the tag is a digest. */}}
{{- define "${chart}.image" -}}
{{- $tag := toString .tag }}
{{- if hasPrefix "@" $tag }}{{ .repository }}{{ $tag }}{{ else }}{{ .repository }}:{{ $tag }}{{ end }}
{{- end }}

{{/*
ServiceAccount of one service: "<fullname>-<service>" when the chart creates it, else the named
one or the namespace's "default". Call with (dict "ctx" $ "component" "<service>" "serviceAccount" .Values.<service>.serviceAccount).
*/}}
{{- define "${chart}.serviceAccountName" -}}
{{- if .serviceAccount.create }}
{{- default (printf "%s-%s" (include "${chart}.fullname" .ctx) .component) .serviceAccount.name }}
{{- else }}
{{- default "default" .serviceAccount.name }}
{{- end }}
{{- end }}
${options.secrets ? secretNameHelper(chart) : ''}${[...new Set(options.dependencies)].sort(byCodeUnit).map((dependency) => dependencyFullnameHelper(chart, dependency)).join('')}`;
}

function dependencyFullnameHelper(chart: string, dependency: string): string {
  const values = `index .Values ${JSON.stringify(dependency)} | default dict`;
  return `
{{/*
Fullname the ${dependency} subchart gives its resources, by the rule of Bitnami's common library:
its fullnameOverride, else "<release>-<its nameOverride or ${dependency}>", or the release name
alone when it already contains that name. Its Services are named after it (translate-project.ts).
*/}}
{{- define "${chart}.${dependency}.fullname" -}}
{{- $values := ${values} }}
${fullnameRule('$values', JSON.stringify(dependency))}
{{- end }}
`;
}

/**
 * The fullname rule of `helm create` and Bitnami charts, for the values at `values` and the
 * chart name `name` (template expressions): fullnameOverride, else "<release>-<nameOverride or
 * name>", or the release name alone when it already contains that name.
 */
function fullnameRule(values: string, name: string): string {
  return `{{- if ${values}.fullnameOverride }}
{{- ${values}.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default ${name} ${values}.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}`;
}

function secretNameHelper(chart: string): string {
  return `
{{/* The Secret holding every secret value: ours, or one the operator provides. */}}
{{- define "${chart}.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" .Release.Name) }}
{{- end }}
`;
}
