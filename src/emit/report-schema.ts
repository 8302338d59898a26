/**
 * The published JSON schema (draft-07) of migration-report.json, mirroring MigrationReport in
 * report-facts.ts. It is emitted beside the report (out/migration-report.schema.json) and shipped
 * as schemas/migration-report.schema.json; tests keep that copy identical to this one and validate
 * every golden report against it. Plain JSON Schema on purpose: `null` is spelled as a type, not
 * with ajv's `nullable`, so any validator reads it the same way. (ajv's JSONSchemaType cannot
 * express a required property that may be null, so the schema is not typed against the facts.)
 */

const text = { type: 'string' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const nullableText = { type: ['string', 'null'] } as const;
/** `file:line:col`, relative to the working directory. */
const position = { type: ['string', 'null'], pattern: '^.+:[0-9]+:[0-9]+$' } as const;
const texts = { type: 'array', items: text } as const;
const waitMethod = { type: 'string', enum: ['tcp', 'pg_isready', 'hook-order', 'none'] } as const;

const decisionSchema = {
  type: 'object',
  description: 'Who made a decision: a mapping rule, a built-in default, or the compose file.',
  properties: { source: { type: 'string', enum: ['rule', 'default', 'compose'] }, text, at: position },
  required: ['source', 'text', 'at'],
  additionalProperties: false,
};

const keySchema = {
  type: 'object',
  description: 'What one compose key became, and what to do about it by hand.',
  properties: {
    key: text,
    status: { type: 'string', enum: ['translated', 'approximated', 'not-translated'] },
    message: text,
    action: nullableText,
    at: position,
  },
  required: ['key', 'status', 'message', 'action', 'at'],
  additionalProperties: false,
};

const envSchema = {
  type: 'object',
  description: 'An environment variable by name; its value is never part of the report.',
  properties: {
    name: text,
    class: { type: 'string', enum: ['config', 'secret'] },
    reason: text,
    secretKey: nullableText,
    rewritten: { type: 'boolean' },
    embeds: { ...texts, description: 'Secret variables a config value reads as $(NAME), such as a password taken out of a URL.' },
    decidedBy: decisionSchema,
  },
  required: ['name', 'class', 'reason', 'secretKey', 'rewritten', 'embeds', 'decidedBy'],
  additionalProperties: false,
};

const volumeSchema = {
  type: 'object',
  properties: {
    name: text,
    type: { type: 'string', enum: ['claim', 'claimTemplate', 'hostPath', 'emptyDir', 'configFile', 'secretFile'] },
    mountPath: text,
    readOnly: { type: 'boolean' },
    dataLivesIn: text,
    decidedBy: decisionSchema,
  },
  required: ['name', 'type', 'mountPath', 'readOnly', 'dataLivesIn', 'decidedBy'],
  additionalProperties: false,
};

const portSchema = {
  type: 'object',
  properties: { name: text, port: { type: 'integer', minimum: 1, maximum: 65535 }, protocol: text, dev: { type: 'string', enum: ['NodePort', 'port-forward', 'cluster-only'] } },
  required: ['name', 'port', 'protocol', 'dev'],
  additionalProperties: false,
};

const persistenceSchema = {
  type: 'object',
  properties: { volume: text, valuesPath: text, size: text, devSize: text, storageClass: text },
  required: ['volume', 'valuesPath', 'size', 'devSize', 'storageClass'],
  additionalProperties: false,
};

const waitSchema = {
  type: 'object',
  properties: { service: text, condition: text, method: waitMethod, enforcedBy: text },
  required: ['service', 'condition', 'method', 'enforcedBy'],
  additionalProperties: false,
};

const hostAccessSchema = {
  type: 'object',
  properties: { reason: text, decidedBy: decisionSchema, grants: texts },
  required: ['reason', 'decidedBy', 'grants'],
  additionalProperties: false,
};

const serviceSchema = {
  type: 'object',
  description: 'One compose service and everything it became.',
  properties: {
    service: text,
    kind: { type: 'string', enum: ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'chart'] },
    chart: {
      type: ['object', 'null'],
      properties: { name: text, version: text, repository: text },
      required: ['name', 'version', 'repository'],
      additionalProperties: false,
    },
    replicas: { type: ['integer', 'null'], minimum: 0, description: 'null: one pod per node (DaemonSet) or decided by the subchart' },
    image: {
      type: 'object',
      properties: { repository: text, tag: text, built: { type: 'boolean' } },
      required: ['repository', 'tag', 'built'],
      additionalProperties: false,
    },
    exposure: text,
    ports: { type: 'array', items: portSchema },
    persistence: { type: 'array', items: persistenceSchema },
    decidedBy: decisionSchema,
    env: { type: 'array', items: envSchema },
    rewrites: {
      type: 'array',
      items: {
        type: 'object',
        properties: { variable: text, from: text, to: text },
        required: ['variable', 'from', 'to'],
        additionalProperties: false,
      },
    },
    volumes: { type: 'array', items: volumeSchema },
    waits: { type: 'array', items: waitSchema },
    hostAccess: { ...hostAccessSchema, type: ['object', 'null'] },
    keys: { type: 'array', items: keySchema },
  },
  required: ['service', 'kind', 'chart', 'replicas', 'image', 'exposure', 'ports', 'persistence', 'decidedBy', 'env', 'rewrites', 'volumes', 'waits', 'hostAccess', 'keys'],
  additionalProperties: false,
};

const manualStepSchema = {
  type: 'object',
  properties: {
    category: { type: 'string', enum: ['secret', 'storage', 'image', 'chart', 'not-translated', 'approximated'] },
    service: nullableText,
    text,
  },
  required: ['category', 'service', 'text'],
  additionalProperties: false,
};

const validationStatus = { type: 'string', enum: ['passed', 'warning', 'error'] } as const;

export const migrationReportSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'compose2helm migration report',
  description: 'What each compose service became in the Helm chart, why, and what is left to do by hand. Written by compose2helm as migration-report.json beside MIGRATION.md.',
  type: 'object',
  properties: {
    $schema: text,
    schemaVersion: { type: 'integer', const: 2 },
    chart: {
      type: 'object',
      properties: { name: text, version: text, appVersion: text },
      required: ['name', 'version', 'appVersion'],
      additionalProperties: false,
    },
    inputs: texts,
    summary: {
      type: 'object',
      properties: {
        services: count,
        workloads: count,
        chartDependencies: count,
        keys: {
          type: 'object',
          properties: { translated: count, approximated: count, notTranslated: count },
          required: ['translated', 'approximated', 'notTranslated'],
          additionalProperties: false,
        },
        secrets: count,
        warnings: count,
        manualSteps: count,
        validation: {
          type: 'object',
          properties: { passed: count, warning: count, error: count },
          required: ['passed', 'warning', 'error'],
          additionalProperties: false,
        },
      },
      required: ['services', 'workloads', 'chartDependencies', 'keys', 'secrets', 'warnings', 'manualSteps', 'validation'],
      additionalProperties: false,
    },
    services: { type: 'array', items: serviceSchema },
    dependencies: {
      type: 'array',
      items: {
        type: 'object',
        properties: { from: text, to: text, condition: text, method: waitMethod, enforcedBy: text },
        required: ['from', 'to', 'condition', 'method', 'enforcedBy'],
        additionalProperties: false,
      },
    },
    secrets: {
      type: 'array',
      description: 'Keys of the chart Secret (names only), and the `service.VARIABLE`s that read them.',
      items: {
        type: 'object',
        properties: { key: text, valuesPath: text, usedBy: texts },
        required: ['key', 'valuesPath', 'usedBy'],
        additionalProperties: false,
      },
    },
    validation: {
      type: 'array',
      items: {
        type: 'object',
        properties: { rule: text, status: validationStatus, detail: text },
        required: ['rule', 'status', 'detail'],
        additionalProperties: false,
      },
    },
    warnings: {
      type: 'array',
      items: {
        type: 'object',
        properties: { code: text, message: text, at: position },
        required: ['code', 'message', 'at'],
        additionalProperties: false,
      },
    },
    notes: { type: 'array', items: keySchema },
    manualSteps: { type: 'array', items: manualStepSchema },
  },
  required: ['$schema', 'schemaVersion', 'chart', 'inputs', 'summary', 'services', 'dependencies', 'secrets', 'validation', 'warnings', 'notes', 'manualSteps'],
  additionalProperties: false,
};
