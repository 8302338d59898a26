// The mapping rule validator is precompiled (scripts/compile-schemas.mjs) instead of compiled by
// ajv at every start. These tests keep it honest: it must be current with rule.ts, and it must
// report exactly what ajv compiling the schema at runtime reports (load-rules' messages and "did
// you mean" hints read keyword, params and parentSchema).
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { mappingFileSchema, overrideRuleSchema } from './rule.js';
import validateMappingFile from './generated/mapping-schema-validator.js';
import validateOverride from './generated/override-rule-schema-validator.js';

interface Target { name: string; outDir: string; schemaExport?: unknown }
const script = new URL('../../scripts/compile-schemas.mjs', import.meta.url).href;

const validators = [
  { name: 'mapping-schema-validator', schema: mappingFileSchema as object, generated: validateMappingFile },
  { name: 'override-rule-schema-validator', schema: overrideRuleSchema, generated: validateOverride },
];

describe.each(validators)('precompiled $name', ({ name, schema, generated: validateGenerated }) => {
  it('is up to date with its schema in rule.ts', async () => {
    const { generate, TARGETS } = (await import(script)) as {
      generate: (target: Target, schema: unknown) => { validator: string; types: string };
      TARGETS: Target[];
    };
    const target = TARGETS.find((t) => t.name === name)!;
    const fresh = generate(target, schema);
    const dir = new URL(`../../${target.outDir}`, import.meta.url);
    const stale = 'stale generated file: run `npm run build && npm run compile-schemas`';
    expect(readFileSync(new URL(`${target.name}.js`, dir), 'utf8') === fresh.validator, stale).toBe(true);
    expect(readFileSync(new URL(`${target.name}.d.ts`, dir), 'utf8')).toBe(fresh.types);
  });

  const runtime = new Ajv({ allErrors: true, allowUnionTypes: true, verbose: true }).compile(schema);
  const summary = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map((e) => ({
    keyword: e.keyword, instancePath: e.instancePath, params: e.params, message: e.message, parentSchema: e.parentSchema,
  }));
  const cases: [string, unknown][] = [
    ['valid rules', { rules: [{ match: { service: 'db' }, kind: 'StatefulSet', persistence: { size: '2Gi' } }] }],
    // The override validator sees one rule: these are what a service's x-compose2helm holds.
    ['override: valid', { kind: 'CronJob', schedule: '0 3 * * *', secretEnv: ['TOKEN'] }],
    ['override: match is not allowed, typo, bad enum', { match: { service: 'x' }, knd: 'Job', kind: 'Cron' }],
    ['missing rules', {}],
    ['unknown rule key', { rules: [{ match: { service: 'a' }, knd: 'Job' }] }],
    ['bad enum and pattern', { rules: [{ match: { image: 'x' }, kind: 'Deploy', schedule: 'daily', resources: { prod: { limits: { cpu: 'lots' } } } }] }],
    ['empty match, bad dependency', { rules: [{ match: {}, dependency: { chart: 'PG', repository: '', version: '1', serviceSuffix: 'x', port: 70000 } }] }],
    ['wrong types', { rules: [{ match: { labels: { tier: 1 } }, secretEnv: 'A', hostAccess: '' }] }],
  ];
  it.each(cases)('reports what runtime ajv reports: %s', (_name, data) => {
    expect(validateGenerated(data)).toBe(runtime(data));
    expect(summary(validateGenerated.errors)).toEqual(summary(runtime.errors));
  });
});
