#!/usr/bin/env node
/**
 * Precompiles the Compose Specification schema (schemas/compose-spec.json) into a standalone
 * ajv validator, so the CLI never compiles the schema at runtime:
 *
 *   src/compose/generated/compose-schema-validator.js    ESM validator (committed)
 *   src/compose/generated/compose-schema-validator.d.ts  its types
 *
 * Run `npm run compile-schemas` after changing the schema or upgrading ajv. A test regenerates
 * the code in memory (`generate()`) and fails when the committed files are stale.
 *
 * Choices:
 * - Options match what validate-schema.ts expects: allErrors, allowUnionTypes, strict: false,
 *   and `verbose: true`, so every error carries `parentSchema` (the allowed property names feed
 *   the "did you mean" hints). Verbose works in standalone mode; the schema fragments it needs
 *   are emitted as constants.
 * - `description` and `title` annotations are stripped first (they do not affect validation
 *   and would only bloat the generated file).
 * - The schema declares `"$schema": "https://json-schema.org/draft-07/schema"`, which ajv only
 *   knows as `http://…#`; an alias of the draft-07 meta-schema is registered, so the schema is
 *   still checked against its meta-schema at build time.
 * - ajv 8's standalone output with `esm: true` still emits
 *   `const func0 = require("ajv/dist/runtime/equal").default;` for runtime helpers. Those lines
 *   are rewritten to ESM imports with an explicit `.js` (ajv has no `exports` map, so Node's ESM
 *   resolver needs the extension). Any other `require(` left over is an error.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  },
];

function outputsOf(target) {
  const outDir = new URL(target.outDir, root);
  return { outDir, validator: new URL(`${target.name}.js`, outDir), types: new URL(`${target.name}.d.ts`, outDir) };
}

/** Output locations of the compose validator (kept for the tests that check it is current). */
export const outputs = (({ validator, types }) => ({ validator, types }))(outputsOf(TARGETS[0]));

/** Keywords whose value is a map of name → subschema (not a schema itself). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
/** Annotation keywords dropped before compiling. */
const ANNOTATIONS = new Set(['description', 'title']);

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

/** Builds the generated files' text without writing anything. */
export function generate(target = TARGETS[0]) {
  const schemaText = readFileSync(new URL(target.schema, root), 'utf8');
  const sha256 = createHash('sha256').update(schemaText).digest('hex');
  const schema = stripAnnotations(JSON.parse(schemaText));

  const ajv = new AjvClass({
    allErrors: true,
    allowUnionTypes: true,
    strict: false,
    verbose: true,
    code: { source: true, esm: true, lines: true },
  });
  const draft07 = require('ajv/dist/refs/json-schema-draft-07.json');
  ajv.addMetaSchema({ ...draft07, $id: 'https://json-schema.org/draft-07/schema' });
  // Skaffold's schema carries editor hints that ajv does not know.
  ajv.addKeyword('preferredOrder');
  ajv.addKeyword('x-intellij-html-description');
  const validate = ajv.compile(schema);

  const { imports, body } = toEsmImports(toStandalone(ajv, validate));
  const ajvVersion = require('ajv/package.json').version;
  const header = [
    '// @generated by scripts/compile-schemas.mjs (npm run compile-schemas). Do not edit.',
    `// Source: ${target.schema} (sha256 ${sha256}), ajv ${ajvVersion} standalone,`,
    '// options { allErrors, allowUnionTypes, strict: false, verbose }, annotations stripped.',
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
    `/** Standalone ajv validator for ${target.title} (verbose errors: schema, parentSchema, data). */`,
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

function main() {
  for (const target of TARGETS) {
    const { validator, types } = generate(target);
    const out = outputsOf(target);
    mkdirSync(out.outDir, { recursive: true });
    writeFileSync(out.validator, validator);
    writeFileSync(out.types, types);
    process.stdout.write(`wrote ${fileURLToPath(out.validator)}\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
