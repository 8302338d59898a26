#!/usr/bin/env node
/**
 * Precompiles every schema the CLI validates against into a standalone ajv validator, so the CLI
 * never loads ajv's compiler or compiles a schema at runtime (see TARGETS):
 *
 *   src/compose/generated/compose-schema-validator.js    ESM validator (committed)
 *   src/compose/generated/compose-schema-validator.d.ts  its types
 *   … likewise for skaffold.yaml and for the mapping rule format.
 *
 * Run `npm run compile-schemas` after changing a schema or upgrading ajv. The mapping rule schema
 * is the `mappingFileSchema` object of src/mappings/rule.ts, read from its compiled form in dist/,
 * so run `npm run build` first (and again afterwards, to compile the new validator). Tests
 * regenerate the code in memory (`generate()`) and fail when the committed files are stale.
 *
 * Choices:
 * - Options match what validate-schema.ts expects: allErrors, allowUnionTypes, strict: false,
 *   and `verbose: true`, so every error carries `parentSchema` (the allowed property names feed
 *   the "did you mean" hints). Verbose works in standalone mode; the schema fragments it needs
 *   are emitted as constants.
 * - Annotations (`description`, `title`, Skaffold's editor hints) are stripped first (they do
 *   not affect validation and would only bloat the generated file).
 * - The schema declares `"$schema": "https://json-schema.org/draft-07/schema"`, which ajv only
 *   knows as `http://…#`; an alias of the draft-07 meta-schema is registered, so the schema is
 *   still checked against its meta-schema at build time.
 * - ajv 8's standalone output with `esm: true` still emits
 *   `const func0 = require("ajv/dist/runtime/equal").default;` for runtime helpers. Those lines
 *   are rewritten to ESM imports with an explicit `.js` (ajv has no `exports` map, so Node's ESM
 *   resolver needs the extension). Any other `require(` left over is an error.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const require = createRequire(import.meta.url);
const AjvClass = Ajv.default ?? Ajv;
const toStandalone = standaloneCode.default ?? standaloneCode;

const root = new URL('../', import.meta.url);

/** Every schema the CLI validates against at run time, compiled ahead of time. */
export const TARGETS = [
  {
    schema: 'schemas/compose-spec.json',
    outDir: 'src/compose/generated/',
    name: 'compose-schema-validator',
    typeName: 'ComposeSchemaValidator',
    title: 'the Compose Specification',
  },
  {
    schema: 'schemas/skaffold-v4beta11.json',
    outDir: 'src/emit/generated/',
    name: 'skaffold-schema-validator',
    typeName: 'SkaffoldSchemaValidator',
    title: 'skaffold.yaml apiVersion skaffold/v4beta11',
    // Not verbose: its errors only name a path and a message (validate-skaffold.ts), and verbose
    // code for this schema was 800 KB of the CLI's 2.2 MB bundle, all of it in every start's code
    // cache (issue #9).
    options: { allErrors: true, allowUnionTypes: true, strict: false },
  },
  {
    // A TypeScript object (typed JSONSchemaType<MappingFile>, so tsc keeps schema and type in
    // step), not a JSON file: generate() takes it as an argument; main() imports it from dist/.
    schemaExport: { module: 'dist/mappings/rule.js', name: 'mappingFileSchema' },
    schema: 'src/mappings/rule.ts#mappingFileSchema',
    outDir: 'src/mappings/generated/',
    name: 'mapping-schema-validator',
    typeName: 'MappingSchemaValidator',
    title: 'mapping files (mappings/*.yaml)',
    // The options load-rules.ts compiled with at runtime before: ajv's default strict mode.
    options: { allErrors: true, allowUnionTypes: true, verbose: true },
  },
  {
    schemaExport: { module: 'dist/mappings/rule.js', name: 'overrideRuleSchema' },
    schema: 'src/mappings/rule.ts#overrideRuleSchema',
    outDir: 'src/mappings/generated/',
    name: 'override-rule-schema-validator',
    typeName: 'OverrideRuleSchemaValidator',
    title: 'x-compose2helm service overrides (a mapping rule without match)',
    options: { allErrors: true, allowUnionTypes: true, verbose: true },
  },
];

/** The options every JSON-file target is compiled with. */
const DEFAULT_OPTIONS = { allErrors: true, allowUnionTypes: true, strict: false, verbose: true };

function outputsOf(target) {
  const outDir = new URL(target.outDir, root);
  return { outDir, validator: new URL(`${target.name}.js`, outDir), types: new URL(`${target.name}.d.ts`, outDir) };
}

/** Output locations of the compose validator (kept for the tests that check it is current). */
export const outputs = (({ validator, types }) => ({ validator, types }))(outputsOf(TARGETS[0]));

/** Keywords whose value is a map of name → subschema (not a schema itself). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
/** Annotation keywords dropped before compiling (Skaffold's schema carries editor hints too). */
const ANNOTATIONS = new Set(['description', 'title', 'preferredOrder', 'x-intellij-html-description']);

function stripAnnotations(node) {
  if (Array.isArray(node)) return node.map(stripAnnotations);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (ANNOTATIONS.has(key)) continue;
    out[key] =
      SCHEMA_MAPS.has(key) && value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, stripAnnotations(sub)]))
        : stripAnnotations(value);
  }
  return out;
}

const RUNTIME_REQUIRE = /const (\w+) = require\("(ajv\/dist\/runtime\/[\w-]+)"\)\.default;/g;

/** Rewrites ajv's CommonJS runtime-helper requires into ESM imports placed at the top. */
function toEsmImports(code) {
  const imports = [];
  const body = code.replace(RUNTIME_REQUIRE, (_match, name, specifier) => {
    imports.push(`import ${name}$module from "${specifier}.js";`);
    // Node hands the CommonJS module.exports object to a default import; use its `default`.
    return `const ${name} = ${name}$module.default ?? ${name}$module;`;
  });
  if (/\brequire\(/.test(body)) {
    throw new Error('compile-schemas: the standalone code still contains require(); update toEsmImports()');
  }
  return { imports, body };
}

/**
 * Builds the generated files' text without writing anything. A target with `schemaExport` needs
 * its schema object passed in (see loadSchema).
 */
export function generate(target = TARGETS[0], schemaObject = undefined) {
  if (target.schemaExport && schemaObject === undefined) throw new Error(`compile-schemas: pass the schema of ${target.schema}`);
  const schemaText = schemaObject === undefined ? readFileSync(new URL(target.schema, root), 'utf8') : JSON.stringify(schemaObject);
  const sha256 = createHash('sha256').update(schemaText).digest('hex');
  const schema = stripAnnotations(JSON.parse(schemaText));
  const options = target.options ?? DEFAULT_OPTIONS;

  const ajv = new AjvClass({ ...options, code: { source: true, esm: true, lines: true } });
  const draft07 = require('ajv/dist/refs/json-schema-draft-07.json');
  ajv.addMetaSchema({ ...draft07, $id: 'https://json-schema.org/draft-07/schema' });
  const validate = ajv.compile(schema);

  const { imports, body } = toEsmImports(toStandalone(ajv, validate));
  const ajvVersion = require('ajv/package.json').version;
  const header = [
    '// @generated by scripts/compile-schemas.mjs (npm run compile-schemas). Do not edit.',
    `// Source: ${target.schema} (sha256 ${sha256}), ajv ${ajvVersion} standalone,`,
    `// options { ${Object.entries(options).map(([k, v]) => (v === true ? k : `${k}: ${v}`)).join(', ')} }, annotations stripped.`,
    '/* eslint-disable */',
  ];
  // Keep ajv's "use strict" directive first, then the imports, then the code.
  const [first = '', ...rest] = body.split('\n');
  const lines = first.trim() === '"use strict";' ? [first, ...imports, ...rest] : [...imports, body];
  const validator = [...header, lines.join('\n').trimEnd(), ''].join('\n');

  const types = [
    '// @generated by scripts/compile-schemas.mjs (npm run compile-schemas). Do not edit.',
    "import type { ErrorObject } from 'ajv';",
    '',
    `/** Standalone ajv validator for ${target.title}${options.verbose ? ' (verbose errors: schema, parentSchema, data)' : ''}. */`,
    `export interface ${target.typeName} {`,
    '  (data: unknown): boolean;',
    '  errors?: ErrorObject[] | null;',
    '}',
    '',
    `export declare const validate: ${target.typeName};`,
    'export default validate;',
    '',
  ].join('\n');

  return { validator, types };
}

/** The schema object of a `schemaExport` target, from its compiled module (undefined for JSON files). */
export async function loadSchema(target) {
  if (!target.schemaExport) return undefined;
  const url = new URL(target.schemaExport.module, root);
  if (!existsSync(url)) throw new Error(`compile-schemas: ${fileURLToPath(url)} is missing; run \`npm run build\` first`);
  const schema = (await import(url.href))[target.schemaExport.name];
  if (schema === undefined) throw new Error(`compile-schemas: ${target.schemaExport.module} exports no ${target.schemaExport.name}`);
  return schema;
}

async function main() {
  for (const target of TARGETS) {
    const { validator, types } = generate(target, await loadSchema(target));
    const out = outputsOf(target);
    mkdirSync(out.outDir, { recursive: true });
    writeFileSync(out.validator, validator);
    writeFileSync(out.types, types);
    process.stdout.write(`wrote ${fileURLToPath(out.validator)}\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
