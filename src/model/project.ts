/**
 * The intermediate representation between translate and emit: plain data, no Kubernetes client
 * types, no imports. Secret *values* live only in `devValue` fields, which are emitted into
 * values-dev.yaml and nowhere else.
 */

export interface Position {
  file: string;
  line: number;
  col: number;
}

/** Which rule, default or compose key made a decision; the report prints it. */
export type Provenance =
  | { kind: 'rule'; name: string; at: Position }
  | { kind: 'inferred'; reason: string; at?: Position }
  | { kind: 'compose'; key: string; at: Position };

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob';

export interface Chart {
  name: string;
  version: string;
  appVersion: string;
  description: string;
}

export interface ResourceAmounts {
  cpu?: string;
  memory?: string;
}

export interface Resources {
  requests: ResourceAmounts;
  limits: ResourceAmounts;
}

export interface ImageRef {
  repository: string;
  tag: string;
  /** Built from source by skaffold (compose `build:`), rather than pulled. */
  built: boolean;
}

/** An env var: plain config (ConfigMap), a secret (chart Secret key), or a reference rewritten. */
export type EnvEntry =
  | {
    source: 'config'; name: string; value: string; devValue?: string; rewrittenFrom?: string; by: Provenance;
    /**
     * Secret env vars this value embeds as Kubernetes `$(VAR)` references (a password inside a
     * URL). Expansion only happens in explicit `env:` entries, so such a variable is emitted there,
     * after the secrets it names, instead of in the ConfigMap.
     */
    secretRefs?: string[];
  }
  | { source: 'secret'; name: string; secretKey: string; reason: string; by: Provenance };

export interface SecretKey {
  key: string;
  /** Compose value, for values-dev.yaml only. */
  devValue: string;
  /** `service.VAR` names that use it. */
  usedBy: string[];
}

export interface ServicePort {
  name: string;
  port: number;
  targetPort: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  /** Published by compose on all interfaces (dev NodePort) rather than loopback or not at all. */
  published: boolean;
  /** Published on 127.0.0.1 only: cluster-internal, a port-forward in dev. */
  loopbackPort?: number;
  /** The host port compose publishes it on (all interfaces); the dev port-forward listens there. */
  publishedPort?: number;
}

export interface Probe {
  kind: 'exec';
  command: string[];
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}

export interface Probes {
  readiness: Probe;
  liveness: Probe;
  startup?: Probe & { initialDelaySeconds?: number };
  by: Provenance;
}

/** An init container that holds the pod until a dependency is usable. */
export interface DependencyWait {
  service: string;
  condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  /** How it is enforced; the report explains it. */
  method: 'tcp' | 'pg_isready' | 'hook-order' | 'none';
  host: string;
  port?: number;
  by: Provenance;
}

export type PodVolume =
  | { type: 'claim'; name: string; mountPath: string; readOnly: boolean; claim: string; sharedWith: string[]; by: Provenance }
  | { type: 'claimTemplate'; name: string; mountPath: string; readOnly: boolean; by: Provenance }
  | { type: 'hostPath'; name: string; mountPath: string; readOnly: boolean; hostPath: string; hostType?: 'CharDevice' | 'BlockDevice' | 'Directory' | 'DirectoryOrCreate' | 'File' | 'Socket'; by: Provenance }
  | { type: 'emptyDir'; name: string; mountPath: string; medium?: 'Memory'; sizeLimit?: string; by: Provenance }
    /** A bind-mounted project file (singleFile, mounted by subPath) or folder, shipped as a ConfigMap. */
  | { type: 'configFile'; name: string; mountPath: string; configMap: string; singleFile: boolean; files: { key: string; content: string; path: string }[]; mode?: number; by: Provenance }
    /** A compose `secrets:` file: one key of the chart's Secret, mounted at its target. */
  | { type: 'secretFile'; name: string; mountPath: string; readOnly: true; secretKey: string; fileName: string; mode?: number; by: Provenance };

export interface Persistence {
  /** Volume name (DNS label) in the pod. */
  name: string;
  /** camelCase key under `<service>.persistence` in values. */
  key: string;
  size: string;
  devSize: string;
  storageClass: string;
}

export interface Security {
  privileged: boolean;
  capAdd: string[];
  capDrop: string[];
  runAsUser?: number;
  runAsGroup?: number;
  readOnlyRootFilesystem: boolean;
  hostNetwork: boolean;
  hostPID: boolean;
  /** compose `sysctls` that Kubernetes treats as safe (namespaced, allowed by default). */
  sysctls: { name: string; value: string }[];
  /** Why host access is allowed; undefined when the workload needs none. */
  hostAccess?: { reason: string; by: Provenance };
}

export interface Workload {
  /** Compose service name. */
  service: string;
  /** Kubernetes name suffix (DNS label). */
  name: string;
  /** camelCase key in values.yaml. */
  valuesKey: string;
  kind: WorkloadKind;
  kindBy: Provenance;
  schedule?: string;
  replicas: number;
  image: ImageRef;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env: EnvEntry[];
  ports: ServicePort[];
  probes?: Probes;
  waits: DependencyWait[];
  volumes: PodVolume[];
  persistence: Persistence[];
  security: Security;
  resources: { prod: Resources; dev: Resources; by: Provenance };
  hostAliases: { ip: string; hostnames: string[] }[];
  terminationGracePeriodSeconds?: number;
  /** Jobs: how a failed pod is retried. */
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  /** Jobs that other services wait on run as Helm hooks, in this order. */
  hook?: { events: string[]; weight: number };
  labels: Record<string, string>;
  /** Env var names whose compose value is a debug log level (dev values keep it, prod says info). */
  logLevelVars: string[];
}

/** A compose service replaced by a Helm dependency (the seed's Bitnami PostgreSQL). */
export interface ChartDependency {
  service: string;
  chart: string;
  repository: string;
  version: string;
  /** The compose image it replaces (its tools, such as pg_isready, serve the wait containers). */
  image: ImageRef;
  /** Key under which values are passed (the chart name). */
  valuesKey: string;
  /** Template of the Service name the dependency creates. */
  serviceName: string;
  port: number;
  /** Non-secret values (prod and dev) and secret ones (dev only), as dotted paths. */
  values: Record<string, string | number | boolean>;
  devValues: Record<string, string | number | boolean>;
  by: Provenance;
}

export type NoteStatus = 'translated' | 'approximated' | 'not-translated';

/** One line of the report: what a compose key became and why. */
export interface Note {
  service?: string;
  key: string;
  status: NoteStatus;
  message: string;
  /** What to do by hand, when anything. */
  action?: string;
  at?: Position;
}

export interface Project {
  chart: Chart;
  workloads: Workload[];
  dependencies: ChartDependency[];
  secrets: SecretKey[];
  notes: Note[];
  /** Relative paths from out/ to build contexts, by image repository. */
  builds: BuildArtifact[];
  /** Service references rewritten to in-cluster names (for the report). */
  rewrites: { service: string; variable: string; from: string; to: string }[];
  /** Service dependency edges, for the report's graph. */
  edges: { from: string; to: string; condition: string; enforcedBy: string }[];
}

export interface BuildArtifact {
  /** Image name skaffold builds (repository without tag). */
  image: string;
  /** Context relative to out/ (POSIX). */
  context: string;
  dockerfile?: string;
  dockerfileInline?: string;
  target?: string;
  buildArgs: Record<string, string>;
  /**
   * Build args whose value must not be written down (their name says secret): skaffold reads them
   * from the developer's environment at build time instead.
   */
  buildArgsFromEnv: string[];
  /** values.yaml keys (valuesKey) of the workloads using this image. */
  usedBy: string[];
}
