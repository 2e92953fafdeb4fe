{{/* Labels every object carries; component names match provisioner/deploy/ so runbooks' selectors work. */}}
{{- define "essaim.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/part-of: essaim
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end }}

{{- define "essaim.image" -}}
{{ .image.repository }}:{{ default .root.Chart.AppVersion .image.tag }}
{{- end }}

{{/* The settings every install must give; rendering stops with the value to set. */}}
{{- define "essaim.domain" -}}
{{ required "Set domain: spaces are served on <slug>.<domain>" .Values.domain }}
{{- end }}

{{- define "essaim.directoryUrl" -}}
{{ required "Set directory.url: ldap://host:389 or ldaps://host:636" .Values.directory.url }}
{{- end }}

{{- define "essaim.directoryBaseDn" -}}
{{ required "Set directory.baseDn, for example dc=essaim,dc=org" .Values.directory.baseDn }}
{{- end }}

{{- define "essaim.directoryBindDn" -}}
{{ default (printf "cn=control-plane,%s" (include "essaim.directoryBaseDn" .)) .Values.directory.bindDn }}
{{- end }}

{{/* One environment variable from a key of an existing Secret. */}}
{{- define "essaim.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
{{- if .optional }}
      optional: true
{{- end }}
{{- end }}

{{/* An environment variable set only when its value is not empty (the application's default applies otherwise). */}}
{{- define "essaim.optionalEnv" -}}
{{- if .value }}
- name: {{ .name }}
  value: {{ .value | toString | quote }}
{{- end }}
{{- end }}

{{/* The restricted Pod Security profile, for both workloads. */}}
{{- define "essaim.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "essaim.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end }}

{{- define "essaim.spreadOverNodes" -}}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            app.kubernetes.io/name: {{ . }}
{{- end }}

{{/*
The PodSpec's imagePullSecrets from image.pullSecrets: each entry a Secret's name or {name: ...} (Kubernetes'
shape); anything else stops rendering, since a list of bare strings in the PodSpec is refused by the API server.
*/}}
{{- define "essaim.imagePullSecrets" -}}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
{{- range . }}
{{- if kindIs "string" . }}
  - name: {{ required "image.pullSecrets: an empty name" (. | trim | default "") | quote }}
{{- else if and (kindIs "map" .) .name }}
  - name: {{ .name | quote }}
{{- else }}
{{- fail (printf "image.pullSecrets: each entry is a Secret's name or {name: <secret>}, not %v" .) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/* The office servers the chart runs, as the provisioner and the control plane read them (ESSAIM_COLLABORA_*,
ESSAIM_ONLYOFFICE_*: public URL, in-cluster URL, pods, pods' port). */}}
{{- define "essaim.officeEnv" -}}
{{- $domain := include "essaim.domain" . -}}
{{- $o := .Values.office -}}
- name: ESSAIM_COLLABORA_URL
  value: {{ printf "https://%s.%s" $o.collabora.host $domain | quote }}
- name: ESSAIM_COLLABORA_INTERNAL_URL
  value: {{ printf "http://%s.%s.svc.cluster.local:9980" $o.collabora.host .Release.Namespace | quote }}
- name: ESSAIM_COLLABORA_PEER
  value: {{ printf "namespace=%s,app.kubernetes.io/name=essaim-collabora" .Release.Namespace | quote }}
- name: ESSAIM_COLLABORA_PORT
  value: "9980"
{{- if $o.onlyoffice.enabled }}
- name: ESSAIM_ONLYOFFICE_URL
  value: {{ printf "https://%s.%s" $o.onlyoffice.host $domain | quote }}
- name: ESSAIM_ONLYOFFICE_INTERNAL_URL
  value: {{ printf "http://%s.%s.svc.cluster.local:80" $o.onlyoffice.host .Release.Namespace | quote }}
- name: ESSAIM_ONLYOFFICE_PEER
  value: {{ printf "namespace=%s,app.kubernetes.io/name=essaim-onlyoffice" .Release.Namespace | quote }}
- name: ESSAIM_ONLYOFFICE_PORT
  value: "80"
{{ include "essaim.secretEnv" (dict "name" "ESSAIM_ONLYOFFICE_JWT_SECRET" "secret" (required "Set office.onlyoffice.jwtSecret.existingSecret" $o.onlyoffice.jwtSecret.existingSecret) "key" $o.onlyoffice.jwtSecret.key) }}
{{- end }}
{{- end }}
