{{/* Chart name, overridable with nameOverride. */}}
{{- define "cloudplatform.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Release-qualified name. Every resource is "<fullname>-<service>"; the release name alone is used
when it already contains the chart name.
*/}}
{{- define "cloudplatform.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "cloudplatform.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels of one service. Call with (dict "ctx" $ "component" "<service>"). */}}
{{- define "cloudplatform.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cloudplatform.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component | quote }}
{{- end }}

{{/* Common labels of one service. Call with (dict "ctx" $ "component" "<service>"). */}}
{{- define "cloudplatform.labels" -}}
helm.sh/chart: {{ include "cloudplatform.chart" .ctx }}
{{ include "cloudplatform.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
{{- end }}

{{/* "repository:tag", or "repository@sha256:…" when the tag is a digest. */}}
{{- define "cloudplatform.image" -}}
{{- $tag := toString .tag }}
{{- if hasPrefix "@" $tag }}{{ .repository }}{{ $tag }}{{ else }}{{ .repository }}:{{ $tag }}{{ end }}
{{- end }}

{{/*
ServiceAccount of one service: "<fullname>-<service>" when the chart creates it, else the named
one or the namespace's "default". Call with (dict "ctx" $ "component" "<service>" "serviceAccount" .Values.<service>.serviceAccount).
*/}}
{{- define "cloudplatform.serviceAccountName" -}}
{{- if .serviceAccount.create }}
{{- default (printf "%s-%s" (include "cloudplatform.fullname" .ctx) .component) .serviceAccount.name }}
{{- else }}
{{- default "default" .serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding every secret value: ours, or one the operator provides. */}}
{{- define "cloudplatform.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" .Release.Name) }}
{{- end }}

{{/*
Fullname the postgresql subchart gives its resources, by the rule of Bitnami's common library:
its fullnameOverride, else "<release>-<its nameOverride or postgresql>", or the release name
alone when it already contains that name. Its Services are named after it (translate-project.ts).
*/}}
{{- define "cloudplatform.postgresql.fullname" -}}
{{- $values := index .Values "postgresql" | default dict }}
{{- if $values.fullnameOverride }}
{{- $values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default "postgresql" $values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}
