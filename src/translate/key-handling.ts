/**
 * What each compose service key becomes, for the report. A key missing from this table gets a
 * "not translated" note, so a new compose key can never be dropped silently.
 */
import type { ComposeService } from '../compose/types.js';
import type { NoteStatus, Workload } from '../model/project.js';
import { isRemoteContext } from './collect-builds.js';

type Handling = (service: ComposeService, workload: Workload) => { status: NoteStatus; message: string; action?: string } | undefined;

const translated = (message: string): Handling => () => ({ status: 'translated', message });
const dropped = (message: string, action?: string): Handling => () => ({ status: 'not-translated', message, ...(action ? { action } : {}) });
const approximated = (message: string, action?: string): Handling => () => ({ status: 'approximated', message, ...(action ? { action } : {}) });

export const KEY_HANDLING: Record<string, Handling> = {
  image: (_s, w) => ({ status: 'translated', message: `image ${w.image.repository}:${w.image.tag} → values ${w.valuesKey}.image` }),
  build: (s, w) => (s.build && isRemoteContext(s.build.context)
    ? {
      status: 'not-translated',
      message: `build context "${s.build.context}" is remote; skaffold builds local folders only, so skaffold.yaml builds no ${w.image.repository}`,
      action: 'clone the repository beside the project and point build.context at the folder, or build and push the image yourself',
    }
    : { status: 'translated', message: 'build → a skaffold artifact; the image is wired into values by skaffold' }),
  command: translated('command → container args'),
  entrypoint: translated('entrypoint → container command'),
  environment: (_s, w) => ({ status: 'translated', message: `${w.env.filter((e) => e.source === 'config').length} config variable(s) → ConfigMap, ${w.env.filter((e) => e.source === 'secret').length} secret(s) → Secret` }),
  env_file: translated('env_file values are read and classified like environment'),
  ports: (_s, w) => ({
    status: 'translated',
    message: `ports → Service ports ${w.ports.map((p) => `${p.port}/${p.protocol}`).join(', ')}`
      + (!w.security.hostNetwork && w.ports.some((p) => p.protocol === 'TCP' && (p.published || p.loopbackPort !== undefined))
        ? `; ${w.valuesKey}.ingress can expose it through an Ingress in production` : ''),
  }),
  expose: translated('expose → Service ports (cluster-internal)'),
  volumes: translated('volumes → pod volumes (see Volumes)'),
  depends_on: (_s, w) => ({ status: 'translated', message: `depends_on → ${w.waits.length} wait(s) before start (see Dependencies)` }),
  healthcheck: (_s, w) => (w.probes
    ? { status: 'translated', message: `healthcheck → readiness and liveness probes${w.probes.startup ? ' and a startupProbe' : ''}` }
    : { status: w.kind === 'Job' || w.kind === 'CronJob' ? 'not-translated' : 'translated', message: w.kind === 'Job' || w.kind === 'CronJob' ? 'Jobs take no probes' : 'healthcheck disabled: no probes' }),
  deploy: (s, w) => ({ status: 'translated', message: `deploy → replicas ${w.replicas}${s.deploy.limits || s.deploy.reservations ? ', resources' : ''}${s.deploy.mode ? `, mode ${s.deploy.mode}` : ''}` }),
  restart: (s, w) => (w.kind === 'Job' || w.kind === 'CronJob'
    ? { status: 'translated', message: `restart "${s.restart}" → Job restartPolicy ${w.restartPolicy}` }
    : { status: 'approximated', message: `restart "${s.restart}" → pods always restart under a ${w.kind}` }),
  privileged: (_s, w) => ({ status: 'translated', message: `privileged → securityContext.privileged${w.security.hostAccess ? '' : ' (host access not declared: review)'}` }),
  cap_add: translated('cap_add → securityContext.capabilities.add'),
  cap_drop: translated('cap_drop → securityContext.capabilities.drop'),
  devices: (_s, w) => (w.security.hostAccess ? { status: 'translated', message: 'devices → hostPath volumes of the device nodes' } : undefined),
  network_mode: (s) => (s.networkMode === 'host'
    ? { status: 'translated', message: 'network_mode: host → hostNetwork with ClusterFirstWithHostNet DNS' }
    : { status: 'not-translated', message: `network_mode "${s.networkMode}" has no pod equivalent; pods share one flat network`, action: 'check the service still reaches what it needs' }),
  pid: (s) => (s.pid === 'host' ? { status: 'translated', message: 'pid: host → hostPID' } : { status: 'not-translated', message: `pid "${s.pid}" has no pod equivalent` }),
  user: (_s, w) => (w.security.runAsUser !== undefined ? { status: 'translated', message: 'user → securityContext.runAsUser/runAsGroup' } : undefined),
  read_only: translated('read_only → readOnlyRootFilesystem'),
  working_dir: translated('working_dir → workingDir'),
  stop_grace_period: translated('stop_grace_period → terminationGracePeriodSeconds'),
  labels: translated('labels → pod annotations'),
  extra_hosts: translated('extra_hosts → hostAliases'),
  container_name: approximated('container_name is dropped: Kubernetes names pods itself; the Service keeps the compose service name'),
  hostname: dropped('hostname is not set: pods are reached by their Service name', 'refer to the Service name instead'),
  networks: approximated('networks: all pods share one flat cluster network', 'add NetworkPolicies if the compose networks isolated services'),
  links: approximated('links: every Service is reachable by name in the cluster'),
  logging: dropped('logging: the cluster collects container stdout/stderr', 'configure cluster log shipping'),
  ulimits: dropped('ulimits have no pod-level equivalent', 'set limits in the image or the node runtime'),
  // Unsafe sysctls, and secrets/configs without content, add their own not-translated notes.
  sysctls: (_s, w) => (w.security.sysctls.length > 0
    ? { status: 'translated', message: `sysctls → podSecurityContext.sysctls (${w.security.sysctls.map((x) => x.name).join(', ')})` }
    : undefined),
  secrets: (_s, w) => {
    const mounted = w.volumes.filter((v) => v.type === 'secretFile');
    return mounted.length > 0
      ? { status: 'translated', message: `secrets → keys of the chart's Secret mounted at ${mounted.map((v) => v.mountPath).join(', ')}` }
      : undefined;
  },
  configs: (_s, w) => {
    const mounted = w.volumes.filter((v) => v.type === 'configFile' && v.name.startsWith('config-'));
    return mounted.length > 0
      ? { status: 'translated', message: `configs → ConfigMaps built from their files, mounted at ${mounted.map((v) => v.mountPath).join(', ')}` }
      : undefined;
  },
  profiles: translated('profiles decided whether the service is converted'),
  scale: translated('scale → replicas'),
  mem_limit: translated('mem_limit → resources.limits.memory'),
  mem_reservation: translated('mem_reservation → resources.requests.memory'),
  cpus: translated('cpus → resources.limits.cpu'),
  tmpfs: dropped('tmpfs (service key) is not translated', 'use a tmpfs volume entry instead'),
  dns: dropped('dns: pods use cluster DNS', 'set dnsConfig by hand if needed'),
  dns_search: dropped('dns_search: pods use cluster DNS', 'set dnsConfig by hand if needed'),
  stdin_open: dropped('stdin_open has no effect in a cluster'),
  tty: dropped('tty has no effect in a cluster'),
  init: dropped('init: Kubernetes has no tini injection', 'add an init process to the image'),
  security_opt: dropped('security_opt has no direct equivalent', 'use seccompProfile/appArmorProfile in securityContext'),
  pull_policy: approximated('pull_policy: imagePullPolicy is IfNotPresent, settable per service in values'),
  platform: dropped('platform: use a nodeSelector on kubernetes.io/arch'),
  extends: translated('extends was resolved before conversion'),
  annotations: translated('annotations → pod annotations'),
};
