/**
 * The YAML emitter is held to the yaml library, its reference: on random nested data — strings
 * that YAML 1.1 reads as other types, indicators, quotes, line breaks, control characters,
 * surrogates, empty collections, deep nesting — `emitPlainYaml` must write exactly what
 * `yaml.stringify` writes with the same options, and with comments exactly what a library Document
 * with `commentBefore`/`spaceBefore` writes — except for the string `<<`, which the library
 * writes bare (a merge key to other readers) and the emitter quotes: data holding it is left out
 * of the comparison and tested on its own. Runs: YAML_EMITTER_RUNS (default 400); replay a
 * failure with FUZZ_SEED=<seed> (and FUZZ_PATH=<path>).
 */
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { emitPlainYaml, emitYaml, yamlByLibrary, type YamlComments } from '../src/emit/yaml-emitter.js';
import { YAML_STYLE } from '../src/emit/yaml-scalar.js';

const RUNS = Number(process.env.YAML_EMITTER_RUNS ?? 400);
const params = {
  numRuns: RUNS,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
  ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
};

// Whole strings that some rule of the 1.1 schema or of the plain style singles out.
const special = [
  '', ' ', '~', 'null', 'Null', 'NULL', 'y', 'Y', 'n', 'N', 'yes', 'Yes', 'YES', 'no', 'No', 'on', 'On', 'ON', 'off', 'OFF',
  'true', 'True', 'false', 'FALSE', '0', '-0', '+1', '012', '0o12', '0x1F', '0b101', '1_000', '1e3', 'e5', 'E10', '1.5', '.5', '-.5',
  '.inf', '-.Inf', '.nan', '.NaN', '1:30', '190:20:30', '1:30.5', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5',
  '<<', '=', '-', '?', ':', '- a', '? a', 'a:', 'a: b', 'a #b', 'a#b', '#a', '---', '--- a', '...', '%YAML', '@a', '`a', '|', '>', '!a',
  '&a', '*a', '{a}', '[a]', 'a,b', "it's", '"q"', `'"`, 'a\nb', 'a\n', 'a\n\n', '\n', '\n\n', ' a', 'a ', 'a\n b', 'a \nb', '\tb',
  'a\tb', 'a\r\nb', '\x00', '\x07', '\x1b', '\x7f', '\x85', '\u00a0', '\u2028', '\ufeff', '\ud800', '\udc00x', '😀', 'é', 'ß',
  '{{ .Values.x }}', '__c2h_inline_0__', 'http://example.com/a?b=c#d', 'image:1.25-alpine', '/var/lib/data', 'k'.repeat(1030),
];
const fragments = [...special.filter((s) => s.length < 40), 'a', 'b', 'Z', '1', ' ', '  ', '\n', '\t', '#', ': ', ':', '-', "'", '"', '.', '_', '/'];
const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...special) },
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...fragments), { maxLength: 6 }).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/) },
);
const key = fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_.-]{0,10}$/) }, { weight: 3, arbitrary: nastyString });
const leaf = fc.oneof(
  { weight: 6, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('map'), tie('seq')),
  map: fc.dictionary(key, tie('tree'), { maxKeys: 5 }),
  seq: fc.array(tie('tree'), { maxLength: 4 }),
}));
const collection = fc.oneof(
  fc.dictionary(key, tree, { maxKeys: 6 }),
  fc.array(tree, { maxLength: 5 }),
);

/** Whether the string `<<` occurs as a key or a value anywhere in `value`. */
function holdsMergeKeyString(value: unknown): boolean {
  if (value === '<<') return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([k, v]) => k === '<<' || holdsMergeKeyString(v));
}

/** Dot-joined key paths through mappings only, as comments are attached. */
function mappingPaths(value: unknown, prefix: string[] = []): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).filter(([, v]) => v !== undefined).flatMap(([k, v]) => [[...prefix, k].join('.'), ...mappingPaths(v, [...prefix, k])]);
}
const commentText = fc.oneof(
  fc.constantFrom(' plain comment', ' two\n lines', '\n leading break', '\n\n', ' ', '', 'x\n\ny', ' trailing \n'),
  nastyString,
);
const commented = fc.dictionary(key, tree, { maxKeys: 6 }).chain((root) =>
  fc.record({
    root: fc.constant(root),
    header: fc.option(fc.constantFrom(' A header', ' Two\n lines', 'x'), { nil: undefined }),
    comments: fc.subarray(mappingPaths(root)).chain((paths) => fc.tuple(...paths.map((p) => fc.tuple(fc.constant(p), commentText)))),
    spaceBetweenTopLevelKeys: fc.boolean(),
  }),
);

describe('yaml emitter', () => {
  it('writes plain data exactly as yaml.stringify does', () => {
    fc.assert(fc.property(collection, (value) => {
      fc.pre(!holdsMergeKeyString(value));
      expect(emitPlainYaml(value)).toBe(stringify(value, YAML_STYLE));
    }), params);
  });

  it('writes comments and blank lines exactly as a yaml Document does', () => {
    fc.assert(fc.property(commented, ({ root, header, comments, spaceBetweenTopLevelKeys }) => {
      fc.pre(!holdsMergeKeyString(root));
      const options: YamlComments = { keyComments: new Map(comments), spaceBetweenTopLevelKeys, ...(header ? { header } : {}) };
      expect(emitPlainYaml(root, options)).toBe(yamlByLibrary(root, options));
    }), params);
  });

  it('matches the library on block scalars that keep their final line breaks before a commented key', () => {
    const root = { a: { b: 'text\n\n' }, c: 'x', d: ['y\n\n'], e: 1 };
    const options: YamlComments = { keyComments: new Map([['c', '\n c'], ['e', ' e']]), spaceBetweenTopLevelKeys: true, header: ' h' };
    expect(emitPlainYaml(root, options)).toBe(yamlByLibrary(root, options));
  });

  it('writes keys over 1,024 characters as explicit keys, as the library does', () => {
    const long = 'k'.repeat(1100);
    const value = { [long]: { a: 1 }, [`${long}2`]: ['x'], [`${long}3`]: null, [`${long}4`]: 'v', n: { [long]: {} } };
    expect(emitPlainYaml(value)).toBe(stringify(value, YAML_STYLE));
  });

  it('writes numbers as the YAML 1.1 tags do', () => {
    const value = [0, -0, 1, -1, 1.5, -2.25, 1e21, 1e-7, 2 ** 53, Number.NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE];
    expect(emitPlainYaml(value)).toBe(stringify(value, YAML_STYLE));
  });

  it('quotes the string `<<`, which the library writes bare and other readers take for a merge key', () => {
    const value = { '<<': '<<', env: { '<<': 'x', LIST: ['<<'] } };
    const text = emitPlainYaml(value);
    expect(text).toBe("'<<': '<<'\nenv:\n  '<<': x\n  LIST:\n    - '<<'\n");
    expect(stringify(value, YAML_STYLE)).toContain('<<: <<');
    expect(parse(text, { version: '1.1', merge: true })).toEqual(value);
  });

  it('leaves what is not plain data, and lone scalars, to the library', () => {
    for (const value of [{ when: new Date(0) }, [new Map([['a', 1]])], { s: new Set(['x']) }, 'top', 42, null]) {
      expect(emitYaml(value)).toBe(stringify(value, YAML_STYLE));
    }
    expect(() => emitPlainYaml({ when: new Date(0) })).toThrow();
  });
});
