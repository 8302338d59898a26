/**
 * The mapping rule format (mappings/*.yaml). The TypeScript type and the JSON schema are one
 * truth: `JSONSchemaType<MappingFile>` makes tsc reject a schema that disagrees with the type.
 */
import type { JSONSchemaType } from 'ajv';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob';
export const WORKLOAD_KINDS: WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

export interface ResourceSpec {
  cpu?: string;
  memory?: string;
}

export interface Resources {
  requests?: ResourceSpec;
  limits?: ResourceSpec;
}

/** Replace the service by a Helm chart dependency (the seed's Bitnami PostgreSQL). */
export interface DependencyRule {
  chart: string;
  repository: string;
  version: string;
  /** Name of the Service the subchart creates, as a template suffix of the release name. */
  serviceSuffix: string;
  /** Port the subchart's Service listens on. */
  port: number;
  /** Compose env var of the replaced service → subchart value path (dots), e.g. POSTGRES_DB → auth.database. */
  values?: Record<string, string>;
  /** Which of those env vars are secrets (their values go to dev values only). */
  secretValues?: string[];
  /** Fixed subchart values written to values.yaml (e.g. persistence size). */
  set?: Record<string, string | number | boolean>;
}

export interface RuleMatch {
  /** Service name or glob (`ovn-*`). */
  service?: string;
  /** Image glob (`postgres:*`). */
  image?: string;
  /** Compose labels that must all be present with these values. */
  labels?: Record<string, string>;
}

export interface Rule {
  /** A name for the report; defaults to the match. */
  name?: string;
  match: RuleMatch;
  kind?: WorkloadKind;
  /** Cron schedule, for kind CronJob. */
  schedule?: string;
  dependency?: DependencyRule;
  /** Permits host access (hostPath, host network, privileged, devices) and says why. */
  hostAccess?: string;
  /** Env var names always treated as secrets / as plain config. */
  secretEnv?: string[];
  configEnv?: string[];
  resources?: { prod?: Resources; dev?: Resources };
  persistence?: { size?: string; devSize?: string; storageClass?: string };
}

export interface MappingFile {
  rules: Rule[];
}

const resourceSpec: JSONSchemaType<ResourceSpec> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cpu: { type: 'string', nullable: true, pattern: '^[0-9]+(\\.[0-9]+)?m?$' },
    memory: { type: 'string', nullable: true, pattern: '^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$' },
  },
};

const resources: JSONSchemaType<Resources> = {
  type: 'object',
  additionalProperties: false,
  properties: { requests: { ...resourceSpec, nullable: true }, limits: { ...resourceSpec, nullable: true } },
};

export const mappingFileSchema: JSONSchemaType<MappingFile> = {
  type: 'object',
  additionalProperties: false,
  required: ['rules'],
  properties: {
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['match'],
        properties: {
          name: { type: 'string', nullable: true },
          match: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
              service: { type: 'string', nullable: true, minLength: 1 },
              image: { type: 'string', nullable: true, minLength: 1 },
              labels: { type: 'object', nullable: true, required: [], additionalProperties: { type: 'string' } },
            },
          },
          kind: { type: 'string', nullable: true, enum: WORKLOAD_KINDS },
          schedule: { type: 'string', nullable: true, pattern: '^\\S+( \\S+){4}$' },
          dependency: {
            type: 'object',
            nullable: true,
            additionalProperties: false,
            required: ['chart', 'repository', 'version', 'serviceSuffix', 'port'],
            properties: {
              chart: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
              repository: { type: 'string', minLength: 1 },
              version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$' },
              serviceSuffix: { type: 'string', pattern: '^[a-z0-9-]+$' },
              port: { type: 'integer', minimum: 1, maximum: 65535 },
              values: { type: 'object', nullable: true, required: [], additionalProperties: { type: 'string' } },
              secretValues: { type: 'array', nullable: true, items: { type: 'string' } },
              set: {
                type: 'object', nullable: true, required: [],
                additionalProperties: { type: ['string', 'number', 'boolean'] as never },
              },
            },
          },
          hostAccess: { type: 'string', nullable: true, minLength: 1 },
          secretEnv: { type: 'array', nullable: true, items: { type: 'string' } },
          configEnv: { type: 'array', nullable: true, items: { type: 'string' } },
          resources: {
            type: 'object',
            nullable: true,
            additionalProperties: false,
            properties: { prod: { ...resources, nullable: true }, dev: { ...resources, nullable: true } },
          },
          persistence: {
            type: 'object',
            nullable: true,
            additionalProperties: false,
            properties: {
              size: { type: 'string', nullable: true },
              devSize: { type: 'string', nullable: true },
              storageClass: { type: 'string', nullable: true },
            },
          },
        },
      },
    },
  },
};

/**
 * One rule without `match`: what a service's own `x-compose2helm` override may hold (the service
 * is the one it sits on). Derived here, not in service-overrides.ts, so scripts/compile-schemas.mjs
 * can precompile it like mappingFileSchema.
 */
export const overrideRuleSchema: Record<string, unknown> = (() => {
  const rules = (mappingFileSchema as unknown as { properties: { rules: { items: unknown } } }).properties.rules;
  const item = structuredClone(rules.items) as { properties: Record<string, unknown>; required?: string[] };
  delete item.properties.match;
  item.required = [];
  return item;
})();
