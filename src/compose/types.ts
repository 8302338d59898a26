/**
 * The resolved, normalised compose project: every short syntax expanded to its long form, every
 * variable interpolated, every value still knowing where it was written (SourceRef).
 */
import type { SourceRef } from '../diagnostics/diagnostic.js';

export interface ComposeProject {
  name: string;
  /** Compose files read, in order, relative to the working directory (POSIX). */
  files: string[];
  /** Folder of the first compose file, relative to the working directory ('' when it is the cwd). */
  projectDir: string;
  /** Active services, sorted by name. */
  services: ComposeService[];
  volumes: Record<string, ComposeVolume>;
  secrets: Record<string, ComposeFileObject>;
  configs: Record<string, ComposeFileObject>;
  at: SourceRef;
}

export interface ComposeVolume {
  name: string;
  external: boolean;
  at: SourceRef;
}

export interface ComposeFileObject {
  name: string;
  /** Path relative to the project dir when the object comes from a file. */
  file?: string;
  environment?: string;
  content?: string;
  external: boolean;
  at: SourceRef;
}

export interface EnvVar {
  name: string;
  value: string;
  at: SourceRef;
}

export interface PortMapping {
  target: number;
  published?: number;
  hostIp?: string;
  protocol: 'tcp' | 'udp' | 'sctp';
  at: SourceRef;
}

export type VolumeMount =
  | { type: 'volume'; source?: string; target: string; readOnly: boolean; at: SourceRef }
  | { type: 'bind'; source: string; target: string; readOnly: boolean; at: SourceRef }
  | { type: 'tmpfs'; target: string; sizeBytes?: number; at: SourceRef };

export type DependsOnCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface DependsOn {
  service: string;
  condition: DependsOnCondition;
  required: boolean;
  at: SourceRef;
}

export interface Healthcheck {
  /** `none` for `disable: true` or `test: ["NONE"]`. */
  kind: 'exec' | 'shell' | 'none';
  command: string[];
  intervalSeconds?: number;
  timeoutSeconds?: number;
  retries?: number;
  startPeriodSeconds?: number;
  at: SourceRef;
}

export interface BuildSpec {
  /** Context relative to the project dir (POSIX), or a URL. */
  context: string;
  dockerfile?: string;
  dockerfileInline?: string;
  target?: string;
  args: Record<string, string>;
  at: SourceRef;
}

export interface ResourceAmounts {
  /** CPU in millicores. */
  cpuMillis?: number;
  memoryBytes?: number;
}

export interface DeploySpec {
  mode?: 'replicated' | 'global';
  replicas?: number;
  limits?: ResourceAmounts;
  reservations?: ResourceAmounts;
}

export interface DeviceMapping {
  host: string;
  container: string;
  at: SourceRef;
}

export interface ComposeService {
  name: string;
  at: SourceRef;
  image?: string;
  build?: BuildSpec;
  command?: string[];
  entrypoint?: string[];
  environment: EnvVar[];
  ports: PortMapping[];
  expose: { port: number; protocol: 'tcp' | 'udp'; at: SourceRef }[];
  volumes: VolumeMount[];
  dependsOn: DependsOn[];
  healthcheck?: Healthcheck;
  deploy: DeploySpec;
  privileged: boolean;
  capAdd: string[];
  capDrop: string[];
  devices: DeviceMapping[];
  networkMode?: string;
  pid?: string;
  user?: string;
  readOnly: boolean;
  workingDir?: string;
  hostname?: string;
  restart?: string;
  stopGracePeriodSeconds?: number;
  labels: Record<string, string>;
  /** `mode` is the file mode as a number (compose writes it in octal). */
  secrets: { source: string; target: string; mode?: number; at: SourceRef }[];
  configs: { source: string; target: string; mode?: number; at: SourceRef }[];
  /** Kernel parameters (`sysctls:`), list or map form. */
  sysctls: Record<string, string>;
  extraHosts: { host: string; ip: string; at: SourceRef }[];
  /** Every compose key written for this service, with where it was written (for the report). */
  keys: Record<string, SourceRef>;
  /** `x-compose2helm` extension: per-service rule written inside the compose file. */
  extension?: { value: unknown; at: SourceRef };
}
