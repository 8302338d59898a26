/**
 * The fast YAML parser (src/compose/simple-yaml.ts) is held to the yaml library, its reference:
 * whenever `parseSimpleYaml` returns a document, the library must read the same text without an
 * error and build the same node tree (node kinds, scalar values and styles, anchors, tags, flow
 * flags, alias sources, where each node starts and where each scalar and alias ends), the same
 * data from `toJS`, and the same line/column for every node. When it returns undefined (outside
 * its subset) nothing is asserted but that it did not throw.
 *
 * Inputs: every YAML file of ../shared/corpus, of the fixtures' inputs (test/fixtures/{*,_errors_/*}/input),
 * the repo's docker-compose.yml and mappings/, a 100-service project from scripts/bench.mjs, a table
 * of small texts (one construct each), and random compose-like texts written as text (indentation
 * widths, zero-indented and compact sequences, comments, blank lines, quoting, flow collections,
 * block scalars, anchors, aliases, merge keys, and now and then something invalid), also with a
 * random character deleted, inserted or replaced. The repo's own files and the generated project
 * must take the fast path: a fall-back there loses the speed-up.
 *
 * Runs: SIMPLE_YAML_RUNS (default 300); replay a failure with FUZZ_SEED=<seed> (and FUZZ_PATH=<path>).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LineCounter, isAlias, isDocument, isMap, isPair, isScalar, isSeq, parseDocument,
  type Alias, type Document, type Node, type Scalar, type YAMLMap, type YAMLSeq,
} from 'yaml';
import { parseSimpleYaml, type SimpleParse } from '../src/compose/simple-yaml.js';
import { FIXTURES_DIR, REPO_ROOT, SHARED_DIR } from './support/fixtures.js';

const RUNS = Number(process.env.SIMPLE_YAML_RUNS ?? 300);
const params = {
  numRuns: RUNS,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
  ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
};

/** How many ../shared/corpus files must take the fast path; raised when the parser learns more. */
const CORPUS_ACCEPTED_AT_LEAST = 171;

/**
 * Whether a collection's range[1] (where its last item ends) is compared. simple-yaml.ts says it
 * does not reproduce it, and nothing reads it: locate.ts reads every node's range[0] and a
 * scalar's range[1] (an empty value is one whose range[1] equals its range[0]). Scalars' and
 * aliases' range[1] are always compared.
 */
const COMPARE_COLLECTION_ENDS = false;

/** parse-yaml's alias-bomb bound, as `toJS` is called there. */
const MAX_ALIAS_COUNT = 1000;

// ---------------------------------------------------------------------------------------------
// The checker.

type Parser = (text: string) => SimpleParse | undefined;

/** The reference: what the yaml library makes of `text` with the options the fast path stands in for. */
function parseByLibrary(text: string): SimpleParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { merge: true, uniqueKeys: false, prettyErrors: false, lineCounter });
  return { doc, lineCounter };
}

/**
 * Runs `parse` (the fast parser unless a test passes a stand-in) on `text`; when it accepts the
 * text, throws unless the result is the library's. Returns whether the fast path was taken.
 */
function expectSameAsLibrary(text: string, parse: Parser = parseSimpleYaml): boolean {
  let fast: SimpleParse | undefined;
  try {
    fast = parse(text);
  } catch (error) {
    throw new Error(`parseSimpleYaml threw (it must return undefined instead) on ${showText(text)}:\n${error instanceof Error ? error.stack : String(error)}`);
  }
  if (fast === undefined) return false;
  const difference = differenceFromLibrary(text, fast);
  if (difference !== undefined) throw new Error(`the fast path differs from the yaml library on ${showText(text)}:\n${difference}`);
  return true;
}

/** The first way `fast` differs from the library's reading of `text`, or undefined. */
function differenceFromLibrary(text: string, fast: SimpleParse): string | undefined {
  const library = parseByLibrary(text);
  const error = library.doc.errors[0];
  if (error) return `the library refuses this text (${error.code} at offset ${error.pos[0]}: ${error.message.split('\n')[0]}), yet the fast path accepted it`;
  if (!isDocument(fast.doc)) return 'the fast path returned something that is not a yaml Document';
  const fastError = fast.doc.errors[0];
  if (fastError) return `the fast path's document carries an error the library does not report: ${fastError.code} ${fastError.message}`;

  const treeDifference = firstTreeDifference(fast.doc.contents, library.doc.contents, '');
  if (treeDifference !== undefined) return treeDifference;

  const fastData = toData(fast.doc);
  const libraryData = toData(library.doc);
  if ('error' in libraryData) {
    if (!('error' in fastData)) return `toJS(): the library throws "${libraryData.error}", the fast path's document does not`;
    if (fastData.error !== libraryData.error) return `toJS(): the library throws "${libraryData.error}", the fast path's document "${fastData.error}"`;
  } else if ('error' in fastData) {
    return `toJS(): the fast path's document throws "${fastData.error}", the library's does not`;
  } else if (!isDeepStrictEqual(fastData.data, libraryData.data)) {
    // The trees agree, so this is rare (document options, schema): let vitest show the data diff.
    expect(fastData.data, `toJS() of ${showText(text)}`).toStrictEqual(libraryData.data);
  } else {
    const sharing = sharingDifference(fastData.data, libraryData.data);
    if (sharing !== undefined) return `toJS(): ${sharing}`;
  }

  const offsets = new Set([0, text.length]);
  collectStarts(library.doc.contents, offsets);
  for (const offset of [...offsets].sort((a, b) => a - b)) {
    const want = library.lineCounter.linePos(offset);
    const got = fast.lineCounter.linePos(offset);
    if (got.line !== want.line || got.col !== want.col) {
      return `lineCounter.linePos(${offset}): fast path ${got.line}:${got.col}, library ${want.line}:${want.col}`;
    }
  }
  return undefined;
}

/**
 * Equal data can still differ in which objects are the same object: an alias gives the very object
 * its anchor gave, a merged value is a fresh copy. Walks both in step and says where an object
 * seen before on one side is new (or another one) on the other.
 */
function sharingDifference(fast: unknown, library: unknown): string | undefined {
  const seenFast = new Map<object, string>();
  const seenLibrary = new Map<object, string>();
  const walk = (a: unknown, b: unknown, path: string): string | undefined => {
    if (a === null || typeof a !== 'object' || b === null || typeof b !== 'object') return undefined;
    const before = [seenFast.get(a), seenLibrary.get(b)];
    if (before[0] !== before[1]) {
      return `at ${path || 'the root'}: the fast path's object ${before[0] === undefined ? 'is new' : `is the one at ${before[0] || 'the root'}`}, the library's ${before[1] === undefined ? 'is new' : `is the one at ${before[1] || 'the root'}`}`;
    }
    if (before[0] !== undefined) return undefined;
    seenFast.set(a, path);
    seenLibrary.set(b, path);
    for (const key of Object.keys(a)) {
      const difference = walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}/${key}`);
      if (difference !== undefined) return difference;
    }
    return undefined;
  };
  return walk(fast, library, '');
}

/** `toJS` as parse-yaml calls it, without the process warnings it gives for collection keys. */
function toData(doc: Document): { data: unknown } | { error: string } {
  const emitWarning = process.emitWarning;
  process.emitWarning = () => {};
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    process.emitWarning = emitWarning;
  }
}

type NodeKind = 'null' | 'undefined' | 'map' | 'seq' | 'scalar' | 'alias' | 'pair' | 'something else';

function kindOf(node: unknown): NodeKind {
  if (node === null) return 'null';
  if (node === undefined) return 'undefined';
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'seq';
  if (isScalar(node)) return 'scalar';
  if (isAlias(node)) return 'alias';
  if (isPair(node)) return 'pair';
  return 'something else';
}

/**
 * Walks both trees in step and names the first difference with its path (`services.web.ports[0]`).
 * Ranges are compared at [0] (start) and [1] (end of the node's own text) only: range[2], which
 * also covers a trailing comment, is not reproduced by the fast parser and nothing reads it.
 * A collection's range[1] only with COMPARE_COLLECTION_ENDS.
 */
function firstTreeDifference(fast: unknown, library: unknown, path: string): string | undefined {
  const at = path === '' ? 'the document' : path;
  const fastKind = kindOf(fast);
  const libraryKind = kindOf(library);
  if (fastKind !== libraryKind) return `${at}: node kind: fast path ${fastKind}, library ${libraryKind}`;
  if (libraryKind === 'null' || libraryKind === 'undefined') return undefined;
  if (libraryKind === 'something else') return `${at}: an object the yaml library does not make: ${String(library)}`;
  if (libraryKind === 'pair') {
    const [f, l] = [fast as { key: unknown; value: unknown }, library as { key: unknown; value: unknown }];
    return firstTreeDifference(f.key, l.key, `${path} (key)`) ?? firstTreeDifference(f.value, l.value, path);
  }

  const [f, l] = [fast as Node, library as Node];
  const isCollection = libraryKind === 'map' || libraryKind === 'seq';
  const fields: [string, unknown, unknown][] = [
    ['range[0]', f.range?.[0], l.range?.[0]],
    ...(isCollection && !COMPARE_COLLECTION_ENDS ? [] : [['range[1]', f.range?.[1], l.range?.[1]] as [string, unknown, unknown]]),
    ['anchor', f.anchor, l.anchor],
    ['tag', f.tag, l.tag],
  ];
  if (libraryKind === 'scalar') {
    const [fs, ls] = [f as Scalar, l as Scalar];
    if (!sameScalarValue(fs.value, ls.value)) return `${at}: value: fast path ${showValue(fs.value)}, library ${showValue(ls.value)}`;
    fields.unshift(['type', fs.type, ls.type]);
  } else if (libraryKind === 'alias') {
    fields.unshift(['source', (f as Alias).source, (l as Alias).source]);
  } else {
    fields.push(['flow', Boolean((f as YAMLMap | YAMLSeq).flow), Boolean((l as YAMLMap | YAMLSeq).flow)]);
  }
  for (const [name, got, want] of fields) {
    if (got !== want) return `${at}: ${name}: fast path ${showValue(got)}, library ${showValue(want)}`;
  }
  if (libraryKind === 'alias' || libraryKind === 'scalar') return undefined;

  const fastItems = (f as YAMLMap | YAMLSeq).items as unknown[];
  const libraryItems = (l as YAMLMap | YAMLSeq).items as unknown[];
  for (let i = 0; i < Math.min(fastItems.length, libraryItems.length); i++) {
    const item = libraryItems[i];
    const difference = firstTreeDifference(fastItems[i], item, libraryKind === 'map' ? keyPath(path, item, i) : `${path}[${i}]`);
    if (difference !== undefined) return difference;
  }
  if (fastItems.length !== libraryItems.length) {
    return `${at}: ${libraryKind === 'map' ? 'pairs' : 'items'}: fast path has ${fastItems.length}, library ${libraryItems.length}`;
  }
  return undefined;
}

/** `path.key`, `path["a b"]`, or `path{key #3}` for a key that is not a scalar. */
function keyPath(path: string, pair: unknown, index: number): string {
  const key = isPair(pair) ? pair.key : undefined;
  if (!isScalar(key)) return `${path}{key #${index}}`;
  const name = typeof key.value === 'symbol' ? (key.value.description ?? '') : String(key.value);
  if (/^[\w-]+$/.test(name) || name === '<<') return path === '' ? name : `${path}.${name}`;
  return `${path}[${JSON.stringify(name)}]`;
}

/** Object.is, but the merge key's Symbol('<<') is compared by description (each parse makes its own). */
function sameScalarValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'symbol' || typeof b === 'symbol') {
    return typeof a === 'symbol' && typeof b === 'symbol' && a.description === b.description;
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) return isDeepStrictEqual(a, b);
  return Object.is(a, b);
}

function collectStarts(node: unknown, offsets: Set<number>): void {
  if (isPair(node)) {
    collectStarts(node.key, offsets);
    collectStarts(node.value, offsets);
    return;
  }
  if (!isMap(node) && !isSeq(node) && !isScalar(node) && !isAlias(node)) return;
  if (node.range) offsets.add(node.range[0]);
  if (isMap(node) || isSeq(node)) for (const item of node.items) collectStarts(item, offsets);
}

function showValue(value: unknown): string {
  if (typeof value === 'symbol') return `Symbol(${value.description ?? ''})`;
  if (typeof value === 'number' && Object.is(value, -0)) return '-0';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null || value === undefined) return String(value);
  return `${Object.prototype.toString.call(value)} ${JSON.stringify(value)?.slice(0, 60) ?? ''}`;
}

function showText(text: string): string {
  return text.length <= 300 ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, 300))}… (${text.length} characters)`;
}

// ---------------------------------------------------------------------------------------------
// Real files.

const CORPUS = join(SHARED_DIR, 'corpus');

/** YAML files under `dir` (recursively), sorted; none when `dir` does not exist. */
function yamlFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.ya?ml$/.test(path))
    .map((path) => join(dir, path))
    .sort();
}

const corpusFiles = yamlFilesUnder(CORPUS);
const fixtureInputDirs = [
  ...readdirSync(FIXTURES_DIR).filter((name) => !name.startsWith('_')).map((name) => join(FIXTURES_DIR, name, 'input')),
  ...readdirSync(join(FIXTURES_DIR, '_errors_')).map((name) => join(FIXTURES_DIR, '_errors_', name, 'input')),
];
const fixtureFiles = fixtureInputDirs.flatMap(yamlFilesUnder).sort();
/** The repo's own inputs: `npm run migrate` reads them, so they must take the fast path. */
const repoFiles = [join(REPO_ROOT, 'docker-compose.yml'), ...yamlFilesUnder(join(REPO_ROOT, 'mappings'))];

const shown = (file: string) => relative(REPO_ROOT, file);
const accepts = (file: string) => parseSimpleYaml(readFileSync(file, 'utf8')) !== undefined;

describe('the fast YAML parser on real files', () => {
  it.each([...corpusFiles, ...fixtureFiles, ...repoFiles].map((file) => [shown(file), file]))('agrees with the library on %s', (_name, file) => {
    expectSameAsLibrary(readFileSync(file, 'utf8'));
  });

  it('counts the corpus files it takes the fast path on', () => {
    expect(corpusFiles.length).toBeGreaterThan(100);
    const accepted = corpusFiles.filter(accepts).length;
    // Printed so the parser's reach can be quoted (and CORPUS_ACCEPTED_AT_LEAST raised).
    console.log(`fast path accepted ${accepted} of ${corpusFiles.length} corpus files (${fixtureFiles.filter(accepts).length} of ${fixtureFiles.length} fixture inputs)`);
    expect(accepted).toBeGreaterThanOrEqual(CORPUS_ACCEPTED_AT_LEAST);
  });

  describe('with a generated 100-service project', () => {
    let benchDir = '';
    beforeAll(() => {
      benchDir = mkdtempSync(join(tmpdir(), 'c2h-simple-yaml-'));
      const run = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'bench.mjs'), '--generate', '100', benchDir], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`scripts/bench.mjs --generate failed (exit ${run.status}):\n${run.stderr}`);
    });
    afterAll(() => {
      if (benchDir) rmSync(benchDir, { recursive: true, force: true });
    });

    it('agrees with the library on the generated docker-compose.yml', () => {
      expectSameAsLibrary(readFileSync(join(benchDir, 'docker-compose.yml'), 'utf8'));
    });

    it("takes the fast path on the repo's docker-compose.yml, every mappings/*.yaml and the generated project", () => {
      expect(repoFiles.length).toBeGreaterThan(1);
      const files = [...repoFiles, join(benchDir, 'docker-compose.yml')];
      const fellBack = files.filter((file) => !accepts(file)).map((file) => (file.startsWith(benchDir) ? 'the generated 100-service docker-compose.yml' : shown(file)));
      expect(fellBack, 'these files fell back to the yaml library').toEqual([]);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Small texts, one construct each: a failure here names the construct.

const aliasBomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...['b', 'c', 'd'].map((name, i) => `${name}: &${name} [${Array(10).fill(`*${'abc'[i]}`).join(', ')}]`)].join('\n');

const SMALL_TEXTS: [string, string][] = [
  ['empty text', ''],
  ['only a comment', '# c\n'],
  ['only blank lines', '\n  \n\n'],
  ['one pair', 'a: 1\n'],
  ['no final newline', 'a: 1'],
  ['empty values', 'a:\nb: 2\nc:'],
  ['empty value with a comment', 'a: # c\nb:\n'],
  ['nested maps, indent 2', 'services:\n  web:\n    image: nginx\n  db:\n    image: postgres\n'],
  ['nested maps, indent 4', 'services:\n    web:\n        image: nginx\nx: 1\n'],
  ['indents 1 and 3', 'a:\n b:\n    c: 1\n d: 2\n'],
  ['zero-indented sequence', 'ports:\n- "80:80"\n- 443\nx: 1\n'],
  ['indented sequence, extra spaces after the dash', 'ports:\n  - a\n  -   b\n'],
  ['compact maps in a sequence', 'volumes:\n  - type: bind\n    source: ./x\n    target: /x\n  - y:/z\n'],
  ['a map under a bare dash', '-\n  a: 1\n  b: 2\n- \n'],
  ['nested sequences', '- - a\n  - b\n- - - c\n'],
  ['top-level sequence', '- a\n- b: c\n  d: e\n'],
  ['top-level scalar', 'hello\n'],
  ['comments everywhere', '# head\na: 1 # after\n  # indented own-line\nb:\n  # before nested\n  c: x #c\n# tail\n'],
  ['comment lines at odd columns inside a sequence', 'a:\n  - x\n # one\n      # two\n  - y\n'],
  ['blank lines with spaces', 'a: 1\n   \n\nb:\n  \n  c: 2\n  \n'],
  ['trailing spaces after values', 'a: 1  \nb: x \nc:  \nd: [a] \n'],
  ['quoted keys', '"a": 1\n\'b\': 2\n"<<": 3\n\'<<\': 4\n\'it\'\'s\': 5\n"a\\tb": 6\n'],
  ['special plain keys', 'on: 1\n1: a\nnull: b\ntrue: c\n~: d\nx-a: e\na b: f\na.b: g\n-k: h\n'],
  ['keywords as values', 'a: ~\nb: null\nc: Null\nd: true\ne: False\nf: yes\ng: on\nh: NULL\ni: TRUE\n'],
  ['numbers', 'a: 0\nb: -0\nc: 012\nd: 0o12\ne: 0x1F\nf: 1e3\ng: .5\nh: -.inf\ni: .NaN\nj: 1_000\nk: 1:30\nl: 2001-12-14\nm: +1\nn: 1.50\no: 0b101\n'],
  ['hashes and colons in plain values', 'a: a#b\nb: a #b\nc: http://x/y?a=b#c\nd: image:1.25\ne: "8080:80"\nf: a:b\ng: 8080:80\n'],
  ['indicator-led plain values', 'a: -a\nb: ?a\nc: :a\nd: $$x\ne: ${VAR:-default}\nf: a,b\ng: a]b\n'],
  ['template braces (a flow map)', 'a: {{ .Values.x }}\n'],
  ['unicode', 'a: é\nb: 😀\n"ü": x\nc: "😀"\n'],
  ['double-quoted escapes', 'a: "x\\ny\\t\\\\\\"\\u00e9\\x41\\/\\ \\0\\e\\N\\_\\L\\P\\U0001F600\\a\\b\\r"\n'],
  ['an invalid escape', 'a: "\\q"\n'],
  ['single quotes', "a: 'it''s'\nb: ''\nc: '#x'\nd: 'a\\n'\n"],
  ['empty double quotes', 'a: ""\nb: " "\n'],
  ['flow sequences', 'a: [a, "b", \'c\']\nb: [a,b]\nc: []\nd: [ ]\ne: [ a ]\n'],
  ['flow maps', 'a: {a: 1, b: x}\nb: {a: 1,b: x}\nc: {}\nd: {a}\ne: {a: }\n'],
  ['nested flow collections', 'a: [[a], {b: c}]\nb: {a: [1, 2], c: {d: e}}\n'],
  ['a trailing comma in a flow sequence', 'a: [a, b, ]\n'],
  ['a pair in a flow sequence', 'a: [a: b, c]\n'],
  ['a flow sequence over two lines', 'a: [a,\n  b]\n'],
  ['a flow map with an adjacent colon', 'a: {"b":c}\nd: {e:f}\n'],
  ['block literal', 'a: |\n  x\n\n  y\nb: 1\n'],
  ['literal strip and keep', 'a: |-\n  x\n\nb: |+\n  y\n\n\nc: 1\n'],
  ['folded', 'a: >\n  p\n  q\n\n  r\n   more\n  s\nb: >-\n  t\n'],
  ['indentation indicators', 'a: |2\n    leading\n  x\nb: >1-\n  y\n'],
  ['a block scalar at the end without a newline', 'a: |\n  x'],
  ['kept trailing blank lines at the end', 'a: |+\n  x\n\n'],
  ['an empty block scalar', 'a: |\nb: >\n'],
  ['block scalars in a sequence', '- |\n  x\n- >-\n  y\n-  |1\n    z\n'],
  ['comment-looking lines in a block scalar', 'a: |\n  # not a comment\n  b: c\n# a comment\nd: 1\n'],
  ['blank lines with fewer and more spaces in a block scalar', 'a: |\n  x\n \n     \n  y\n'],
  ['a block scalar header with a comment', 'a: | # c\n  x\n'],
  ['anchors and aliases on scalars, maps, sequences', 'a: &s x\nb: &m\n  k: v\nc: &q\n  - 1\nd: *s\ne: *m\nf: *q\n'],
  ['an anchor before a compact map is on its first key', '- &a k: v\n- *a\n'],
  ['an anchor on a zero-indented sequence', 'key: &a\n- x\nother: *a\n'],
  ['an anchor on the document', '&a\nk: v\n'],
  ['merge key with an alias', 'x-base: &b\n  image: x\n  env: 1\nweb:\n  <<: *b\n  env: 2\n'],
  ['merge key with a list of aliases', 'a: &a {x: 1}\nb: &b {y: 2, x: 0}\nc:\n  <<: [*a, *b]\n  z: 3\n'],
  ['merge key with an inline map', '<<: {a: 1}\nb: 2\n'],
  ['merge key with a block list', 'a: &a {x: 1}\nc:\n  <<:\n    - *a\n'],
  ['a quoted merge key is a plain key', 'a: &a {x: 1}\nc:\n  "<<": *a\n'],
  ['merging a scalar', 'a: &a 1\nc:\n  <<: *a\n'],
  ['keys an object already answers to', '__proto__:\n  polluted: 1\ntoString: x\nconstructor: 1\nhasOwnProperty: ~\n'],
  ['merged keys an object already answers to', 'a: &a\n  __proto__: {p: 1}\n  toString: t\n  "1": s\n  1: n\n  ~: null-key\nb:\n  <<: *a\n  toString: own\n'],
  ['a key repeated, and merged over', 'a: &a {x: 1, x: 2}\nb:\n  x: 0\n  <<: [*a]\n  x: 3\n'],
  ['one anchor aliased as a value and merged', 'a: &a {x: {deep: 1}}\nb: *a\nc: *a\nd:\n  <<: *a\ne:\n  <<: *a\n'],
  ['an anchor reused for another node', 'a: &n {x: 1}\nb: *n\nc: &n [2]\nd: *n\n'],
  ['anchors inside an anchored node, merged', 'x: &x\n  env: &env {A: 1}\n  log: &log {d: j}\na:\n  <<: *x\n  env:\n    <<: *env\n    B: 2\nb:\n  <<: *x\n'],
  ['an alias of an anchor inside a merged node', 'x: &x\n  env: &env {A: 1}\na:\n  <<: *x\nb: *env\nc: *x\n'],
  ['an alias of an anchor inside an anchored node', 'x: &x\n  env: &env {A: 1}\nb: *env\nc:\n  <<: *x\nd: *env\n'],
  ['aliases inside an anchored node', 'a: &a 1\nb: &b\n  x: *a\nc: *b\nd:\n  <<: *b\n'],
  ['an undefined alias', 'a: *nope\n'],
  ['an alias bomb', `${aliasBomb}\n`],
  ['a recursive alias', 'a: &a\n  b: *a\n'],
  ['an anchor on an empty value', 'a: &x\nb: *x\n'],
  ['a repeated key', 'a: 1\nb: 2\na: 3\n'],
  ['tab indentation', 'a:\n\tb: 1\n'],
  ['a tab after the colon', 'a:\tb\n'],
  ['a tab before a comment', 'a: b\t# c\n'],
  ['document start marker', '---\na: 1\n'],
  ['document start marker with a comment', '--- # c\na: 1\n'],
  ['document end marker', 'a: 1\n...\n'],
  ['two documents', 'a: 1\n---\nb: 2\n'],
  ['%YAML 1.2', '%YAML 1.2\n---\na: yes\n'],
  ['%YAML 1.1 (another schema)', '%YAML 1.1\n---\na: yes\nb: 0o12\nc: 012\nd: <<\n'],
  ['a complex key', '? complex key\n: value\n'],
  ['tags', 'a: !!str 1\nb: !custom x\nc: !reset\nd: !override [1]\ne: !!int "7"\n'],
  ['a multi-line plain scalar', 'a: one\n  two\nb: 1\n'],
  ['a multi-line double-quoted scalar', 'a: "one\n  two\\\n  three"\n'],
  ['a multi-line single-quoted scalar', "a: 'one\n\n  two'\n"],
  ['CRLF line endings', 'a: 1\r\nb:\r\n  - x\r\nc: |\r\n  y\r\n'],
  ['a lone CR', 'a: 1\rb: 2\n'],
  ['a byte-order mark', '\uFEFFa: 1\n'],
  ['a less-indented sibling', 'a:\n  b: 1\n c: 2\n'],
  ['an over-indented sibling', 'a: 1\n  b: 2\n'],
  ['a sequence after a map at the same level', 'a:\n- x\nb: y\n- z\n'],
  ['no space after the colon', 'a:1\nb: 2\n'],
  ['a colon in a key', 'a:b: c\n'],
  ['a key over 1,024 characters', `${'k'.repeat(1100)}: v\n`],
  ['a NUL character', 'a: x\u0000y\n'],
  ['an empty key', ': v\n'],
  ['an empty quoted key', '"": v\n'],
  ['a line separator in a value', 'a: x\u2028y\n'],
  ['a comment at the end without a newline', 'a: 1 # c'],
  ['a dash without a space', 'a:\n  -x\n'],
  ['a comment right after the colon', 'a:# c\n'],
  ['a double-quoted key over 1,024 characters', `"${'k'.repeat(1100)}": v\n`],
  ['a single-quoted key over 1,024 characters', `'${'k'.repeat(1100)}': v\n`],
  ['a flow-map key over 1,024 characters', `a: {${'k'.repeat(1100)}: v}\n`],
  ['a plain key of 1,020 characters', `${'k'.repeat(1020)}: v\n`],
  ['a plain key whose colon is over 1,024 characters away', `${'k'.repeat(1000)}${' '.repeat(30)}: v\n`],
  ['a quoted key whose colon is over 1,024 characters away', `"${'k'.repeat(1000)}"${' '.repeat(30)}: v\n`],
  ['a merge key in a flow map', 'a: &a {x: 1}\nb: {<<: *a, y: 2}\nc: {"<<": *a}\n'],
  ['JSON-style flow maps', 'a: {"b":1, "c" :2, \'d\':3}\n'],
  ['an indented document', '  a: 1\n  b:\n    - x\n'],
  ['an indented top-level sequence', '  - a\n  - b\n'],
  ['a key on the line below a dash', '-\n  a: 1\n-\n  - b\n'],
  ['a value on the line below its key', 'a:\n  b\nc: 1\n'],
  ['spaces before the colon', 'a : 1\nb  :\n  - x\n'],
  ['several spaces after the colon', 'a:    1\nb:   &x y\nc:  *x\n'],
  ['an anchor followed by a comment', 'a: &x # c\n  b: 1\nc: *x\n'],
  ['an alias followed by a comment', 'a: &x 1\nb: *x # c\n'],
  ['an anchor with dots and dashes', 'a: &x.y-1_z 1\nb: *x.y-1_z\n'],
  ['an anchor with a colon', 'a: &x:y 1\nb: *x:y\n'],
  ['an alias in a flow sequence', 'a: &x 1\nb: [*x, *x ]\nc: {k: *x}\n'],
  ['quoted scalars followed by text', 'a: "x" y\n'],
  ['a flow sequence followed by text', 'a: [x] y\n'],
  ['lone and paired surrogates in escapes', 'a: "\\ud800"\nb: "\\ud83d\\ude00"\nc: "\\uDC00x"\n'],
  ['spaces before commas in flow collections', 'a: [x , y ,z]\nb: {k : v , l: w}\n'],
  ['keys with trailing-comment lookalikes', 'a#b: 1\n"c #d": 2\ne: f#g\n'],
];

describe('the fast YAML parser on small texts', () => {
  it.each(SMALL_TEXTS)('agrees with the library: %s', (_name, text) => {
    expectSameAsLibrary(text);
  });
});

// ---------------------------------------------------------------------------------------------
// Random compose-like texts. Trees are drawn at random and written out as text by hand (not
// through a stringifier), with the surface syntax varied node by node.

/** Plain scalars, each tricky for one rule of the core schema or of the plain style. */
const TRICKY_PLAIN = [
  '~', 'null', 'Null', 'true', 'False', 'yes', 'on', '0', '-0', '012', '0o12', '0x1F', '1e3', '.5', '-.inf', '.NaN', '1_000', '1:30',
  '2001-12-14', 'a#b', 'a #b', 'http://x/y?a=b#c', 'image:1.25', '"8080:80"', '-a', '?a', ':a', 'a:b', '{{ .Values.x }}', '${VAR:-default}',
  '$$x', 'é', '😀',
];
/** Values that start with an indicator or hold `: `: invalid, or not what they look like. */
const INDICATOR_PLAIN = ['- a', 'a: b', '|', '>', '*', '&', '!', '%a', '@a', '`a', 'a,b', '[a]', '? a'];
const COMPOSE_PLAIN = [
  'nginx:1.27-alpine', 'redis', '8080', 'unless-stopped', 'postgres://u:p@db:5432/x', './data:/var/lib/data:ro', 'CMD-SHELL', 'a b c',
  '10s', '0.5', '128M', 'FOO=bar', '--flag=1', '/tmp', 'x', 'service_healthy', 'json-file',
];
/** More edge cases of the core schema's numbers and keywords. */
const SCHEMA_PLAIN = [
  '+1', '+0', '1.', '1e', '1e+3', '-1E-3', '+.5', '+.inf', '.Inf', '.nan', 'NULL', 'TRUE', 'y', 'n', 'No', '0b101', '0x', '0o', '0x_1',
  '12345678901234567890', '1.0', '1.50', '-', '--', '-.', '.', '0.0.1',
];
const PLAIN_KEYS = [
  'services', 'web', 'db', 'image', 'ports', 'environment', 'volumes', 'x-a', 'on', '1', 'null', 'true', '~', '<<', 'a b', 'a.b', '-k', 'k',
  'a#b', 'a:b', 'é', '😀', '012', '0x1F', '-0', '.5', '.NaN', '1e3', '2001-12-14', 'Null', 'yes', '$$x', '${K}',
];
const QUOTED_KEYS = ['"<<"', "'<<'", "'on'", '"1"', "'a b'", "'it''s'", '""', "''", '"a\\tb"', '"\\u00e9"', '"x-a"', "'a: b'", '"a #b"'];
/** Implicit keys end at most 1,024 characters after they start (the colon included). */
const LONG_KEYS = [1000, 1019, 1023, 1024, 1025, 1100].flatMap((n) => ['k'.repeat(n), `"${'k'.repeat(n - 2)}"`, `'${'k'.repeat(n - 2)}'`, `${'k'.repeat(n - 30)}${' '.repeat(29)}`]);
const DOUBLE_PARTS = [
  'a', 'b c', ' ', 'é', '😀', '#', ' # ', ': ', "'", '${X:-y}', '\\n', '\\t', '\\\\', '\\"', '\\u00e9', '\\x41', '\\/', '\\ ', '\\0',
  '\\e', '\\N', '\\_', '\\L', '\\P', '\\U0001F600', '\\b', '\\a', '\\r',
];
const DOUBLE_INVALID = ['"\\q"', '"\\x4"', '"\\u12"', '"a\\"', '"\\ud800"'];
const SINGLE_PARTS = ['a', 'b c', ' ', "''", '"', '#', ' #', ': ', '\\', '\\n', 'é', '*a', '&b', '- ', '{', '['];
const FLOW_PLAIN = ['a', 'b', '1', 'x y', 'true', 'null', '~', '-1', '.5', 'é', 'http://x', 'a:b', '8080:80', '-a', 'a#b'];
/** Block scalar lines; `<fewer spaces>` and `<more spaces>` are blank lines with fewer or more spaces than the content's indentation. */
const BLOCK_LINES = ['line', 'two words', '#not a comment', 'key: value', '- item', ' more indented', '  deeper', 'trailing  ', '', ''];
const WILD_BLOCK_LINES = [...BLOCK_LINES, '<fewer spaces>', '<more spaces>', '\ttab'];
const ANCHORS = ['a', 'b', 'base', 'x-1'];
const TAGS = ['!!str', '!!int', '!!map', '!!seq', '!!null', '!custom', '!reset', '!override'];
const MULTI_LINE = [['one', 'two'], ['"one', 'two"'], ["'one", '', "two'"], ['a:', 'b'], ['x', '# not', 'y'], ['"a\\', 'b"']];

interface Props { anchor: string | undefined; tag: string | undefined }
interface Decor { before: BeforeLine[]; after: string; trailing: string }
type BeforeLine = 'blank' | 'spaces' | 'comment' | 'comment at column 0' | 'deeper comment';
interface InlineNode { kind: 'inline'; text: string; props: Props }
interface MultiLineNode { kind: 'multi-line'; lines: string[] }
interface EmptyNode { kind: 'empty'; props: Props }
interface AliasNode { kind: 'alias'; pick: number }
interface BlockScalarNode {
  kind: 'block'; style: '|' | '>'; chomp: '' | '-' | '+'; indicator: number; indicatorFirst: boolean; lines: string[]; trailingBlank: number; props: Props;
}
interface MapNode { kind: 'map'; props: Props; entries: Entry[] }
interface SeqNode { kind: 'seq'; props: Props; zeroIndent: boolean; items: Item[] }
interface MergeNode { kind: 'merge'; picks: number[]; blockList: boolean }
type TreeNode = InlineNode | MultiLineNode | EmptyNode | AliasNode | BlockScalarNode | MapNode | SeqNode;
/** `keyGap`: spaces before the colon; `gap`: after it; `nextLine`: a scalar value on the line below its key. */
interface Entry { key: string; keyAnchor: string | undefined; keyGap: string; gap: string; nextLine: boolean; value: TreeNode | MergeNode; decor: Decor }
interface Item { value: TreeNode; decor: Decor; compact: boolean; dashSpaces: number }
type Unusual =
  | 'tab indentation' | 'tab after a colon' | 'document start' | 'document start with a comment' | 'document end' | 'second document'
  | '%YAML 1.2' | '%YAML 1.1' | 'byte-order mark' | 'CRLF' | 'complex key' | 'bad indentation' | 'repeated line' | 'trailing tab';
interface ComposeText { root: TreeNode; indent: number; header: boolean; finalNewline: boolean; unusual: { kind: Unusual; at: number }[] }

const UNUSUAL: Unusual[] = [
  'tab indentation', 'tab after a colon', 'document start', 'document start with a comment', 'document end', 'second document',
  '%YAML 1.2', '%YAML 1.1', 'byte-order mark', 'CRLF', 'complex key', 'bad indentation', 'repeated line', 'trailing tab',
];

/** `arbitrary` about once in `1 + odds` draws, else `otherwise`. */
function rarely<T>(arbitrary: fc.Arbitrary<T>, otherwise: T, odds = 6): fc.Arbitrary<T> {
  return fc.oneof({ weight: odds, arbitrary: fc.constant(otherwise) }, { weight: 1, arbitrary });
}

/**
 * Compose-like texts. Tame ones stay within what compose files are usually written with, so
 * that many take the fast path; wild ones add tags, indentation indicators, kept final line
 * breaks, multi-line and nested flow scalars, invalid escapes, indicator-led values, anchored
 * keys, and whole-text oddities (tabs, markers, directives, a BOM, CRLF, bad indentation).
 */
function composeTexts(wild: boolean): fc.Arbitrary<string> {
  const props: fc.Arbitrary<Props> = fc.record({
    anchor: rarely(fc.constantFrom(...ANCHORS), undefined, 8),
    tag: wild ? rarely(fc.constantFrom(...TAGS), undefined, 30) : fc.constant(undefined),
  });
  const decor: fc.Arbitrary<Decor> = fc.record({
    before: rarely(fc.array(fc.constantFrom<BeforeLine>('blank', 'spaces', 'comment', 'comment at column 0', 'deeper comment'), { minLength: 1, maxLength: 2 }), [], 4),
    after: rarely(fc.constantFrom(' # c', '  #', ' # a: b', ' #: x', ...(wild ? ['# no space', '\t# tab'] : [])), '', 6),
    trailing: rarely(fc.constantFrom(' ', '   '), '', 6),
  });

  const doubleQuoted = fc.oneof(
    { weight: 12, arbitrary: fc.array(fc.constantFrom(...DOUBLE_PARTS), { maxLength: 4 }).map((parts) => `"${parts.join('')}"`) },
    { weight: wild ? 1 : 0, arbitrary: fc.constantFrom(...DOUBLE_INVALID) },
  );
  const singleQuoted = fc.array(fc.constantFrom(...SINGLE_PARTS), { maxLength: 4 }).map((parts) => `'${parts.join('')}'`);
  const flowScalar = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...FLOW_PLAIN) },
    { weight: 1, arbitrary: fc.constantFrom(...TRICKY_PLAIN) },
    { weight: 2, arbitrary: doubleQuoted },
    { weight: 2, arbitrary: singleQuoted },
  );
  /** Spacing inside one flow collection: `[a, b]`, `[a,b]`, `[ a ]`, `[a , b]`, `{"a":1}`, and now and then a trailing comma. */
  const flowSpacing = fc.record({
    inner: rarely(fc.constant(' '), ''), comma: fc.constantFrom(', ', ', ', ',', ' , '), quotedKeyColon: fc.constantFrom(': ', ':', ' : '),
    trailingComma: rarely(fc.constant(','), '', 10),
  });
  const { flowValue } = fc.letrec<{ flowValue: string; flowSeq: string; flowMap: string }>((tie) => ({
    flowValue: fc.oneof({ depthSize: 'small', maxDepth: wild ? 2 : 1, withCrossShrink: true }, flowScalar, tie('flowSeq'), tie('flowMap')),
    flowSeq: fc.tuple(fc.array(tie('flowValue'), { maxLength: 3 }), flowSpacing).map(([items, s]) =>
      (items.length === 0 ? `[${s.inner}]` : `[${s.inner}${items.join(s.comma)}${s.trailingComma}${s.inner}]`)),
    flowMap: fc.tuple(fc.array(fc.tuple(fc.oneof(fc.constantFrom(...FLOW_PLAIN.slice(0, 6)), doubleQuoted), fc.option(tie('flowValue'), { freq: 6 })), { maxLength: 3 }), flowSpacing)
      .map(([pairs, s]) => {
        const entries = pairs.map(([key, value]) => (value === null ? key : `${key}${key.startsWith('"') ? s.quotedKeyColon : ': '}${value}`));
        return entries.length === 0 ? `{${s.inner}}` : `{${s.inner}${entries.join(s.comma)}${s.trailingComma}${s.inner}}`;
      }),
  }));

  const inlineText = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...TRICKY_PLAIN) },
    { weight: wild ? 2 : 0, arbitrary: fc.constantFrom(...INDICATOR_PLAIN) },
    { weight: 3, arbitrary: fc.constantFrom(...COMPOSE_PLAIN) },
    { weight: 1, arbitrary: fc.constantFrom(...SCHEMA_PLAIN) },
    { weight: wild ? 1 : 0, arbitrary: fc.constantFrom('"a" b', "'a'x", '[a] b', '{a: 1} x', '[a]]', '"a"# c', '*a b', '&a', '&a *b') },
    { weight: 2, arbitrary: doubleQuoted },
    { weight: 2, arbitrary: singleQuoted },
    { weight: 2, arbitrary: flowValue.filter((text) => text.startsWith('[') || text.startsWith('{')) },
  );
  const blockScalarNode: fc.Arbitrary<BlockScalarNode> = fc.record({
    kind: fc.constant('block' as const),
    style: fc.constantFrom<'|' | '>'>('|', '>'),
    chomp: wild ? fc.constantFrom<'' | '-' | '+'>('', '-', '+') : fc.constantFrom<'' | '-'>('', '', '-'),
    indicator: wild ? rarely(fc.constantFrom(1, 2, 4), 0, 3) : fc.constant(0),
    indicatorFirst: fc.boolean(),
    lines: fc.array(fc.constantFrom(...(wild ? WILD_BLOCK_LINES : BLOCK_LINES)), { maxLength: 4 }),
    trailingBlank: fc.constantFrom(0, 0, 0, 1, 2),
    props,
  });
  const leafNode: fc.Arbitrary<TreeNode> = fc.oneof(
    { weight: 16, arbitrary: fc.record({ kind: fc.constant('inline' as const), text: inlineText, props }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('empty' as const), props }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('alias' as const), pick: fc.nat(7) }) },
    { weight: 4, arbitrary: blockScalarNode },
    { weight: wild ? 2 : 0, arbitrary: fc.record({ kind: fc.constant('multi-line' as const), lines: fc.constantFrom(...MULTI_LINE) }) },
  );
  const mergeNode: fc.Arbitrary<MergeNode> = fc.record({
    kind: fc.constant('merge' as const), picks: fc.array(fc.nat(7), { minLength: 1, maxLength: 3 }), blockList: rarely(fc.constant(true), false, 4),
  });
  const keyText = fc.oneof(
    { weight: 16, arbitrary: fc.constantFrom(...PLAIN_KEYS) },
    { weight: 4, arbitrary: fc.constantFrom(...QUOTED_KEYS) },
    { weight: wild ? 1 : 0, arbitrary: fc.constantFrom(...LONG_KEYS) },
  );

  const { tree, map, seq } = fc.letrec<{ tree: TreeNode; map: MapNode; seq: SeqNode }>((tie) => ({
    tree: fc.oneof({ depthSize: 'small', maxDepth: 4, withCrossShrink: true }, leafNode, tie('map'), tie('seq')),
    map: fc.record({
      kind: fc.constant('map' as const),
      props,
      entries: fc.array(fc.record({
        key: keyText,
        keyAnchor: wild ? rarely(fc.constantFrom(...ANCHORS), undefined, 20) : fc.constant(undefined),
        keyGap: rarely(fc.constantFrom(' ', '  '), '', 20),
        gap: rarely(fc.constantFrom('  ', '   '), ' ', 10),
        nextLine: rarely(fc.constant(true), false, 20),
        value: fc.oneof({ weight: 12, arbitrary: tie('tree') }, { weight: 1, arbitrary: mergeNode }),
        decor,
      }), { maxLength: 4 }),
    }),
    seq: fc.record({
      kind: fc.constant('seq' as const),
      props,
      zeroIndent: fc.boolean(),
      items: fc.array(fc.record({
        value: tie('tree'), decor, compact: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        dashSpaces: rarely(fc.constantFrom(2, 3), 1, 5),
      }), { maxLength: 3 }),
    }),
  }));

  return fc.record({
    root: wild
      ? fc.oneof({ weight: 8, arbitrary: map }, { weight: 1, arbitrary: seq }, { weight: 1, arbitrary: tree })
      : fc.oneof({ weight: 8, arbitrary: map }, { weight: 1, arbitrary: seq }).filter((root) => (root.kind === 'map' ? root.entries.length : root.items.length) > 0 && !root.props.anchor),
    indent: fc.oneof({ weight: 4, arbitrary: fc.constant(2) }, { weight: 3, arbitrary: fc.constant(4) }, { weight: 1, arbitrary: fc.constantFrom(1, 3) }),
    header: rarely(fc.constant(true), false, 3),
    finalNewline: rarely(fc.constant(false), true, 8),
    unusual: wild ? rarely(fc.array(fc.record({ kind: fc.constantFrom(...UNUSUAL), at: fc.nat() }), { minLength: 1, maxLength: 2 }), [], 1) : fc.constant<{ kind: Unusual; at: number }[]>([]),
  }).map(writeComposeText);
}

const composeText = fc.oneof({ weight: 3, arbitrary: composeTexts(false) }, { weight: 2, arbitrary: composeTexts(true) });

/** What the writer keeps track of: the indentation step and the anchors defined so far. */
interface Writer { indent: number; anchors: string[] }

function writeComposeText(spec: ComposeText): string {
  const writer: Writer = { indent: spec.indent, anchors: [] };
  const lines = spec.header ? ['# a header comment', ''] : [];
  const root = spec.root;
  if (root.kind === 'map' && root.entries.length > 0) {
    if (propsText(root.props)) lines.push(propsText(root.props));
    lines.push(...mapLines(root, 0, writer, false));
  } else if (root.kind === 'seq' && root.items.length > 0) {
    if (propsText(root.props)) lines.push(propsText(root.props));
    lines.push(...seqLines(root, 0, writer, false));
  } else {
    const { inline, rest } = afterIndicator(root, 0, writer);
    lines.push(inline.trimStart(), ...rest);
  }
  let text = lines.join('\n') + (spec.finalNewline ? '\n' : '');
  for (const { kind, at } of spec.unusual) text = applyUnusual(text, kind, at);
  return text;
}

const spaces = (n: number) => ' '.repeat(n);
const propsText = (p: Props) => [p.anchor === undefined ? '' : `&${p.anchor}`, p.tag ?? ''].filter(Boolean).join(' ');
const withProps = (p: Props, text: string) => [propsText(p), text].filter(Boolean).join(' ');

function define(writer: Writer, p: Props | undefined): void {
  if (p?.anchor !== undefined) writer.anchors.push(p.anchor);
}

/** An alias to an anchor defined earlier, or a plain scalar when there is none yet. */
function aliasText(writer: Writer, pick: number): string {
  return writer.anchors.length === 0 ? 'no-anchor-yet' : `*${writer.anchors[pick % writer.anchors.length]}`;
}

function beforeLines(before: BeforeLine[], column: number): string[] {
  return before.map((line) => {
    switch (line) {
      case 'blank': return '';
      case 'spaces': return spaces(column + 1);
      case 'comment': return `${spaces(column)}# own-line comment`;
      case 'comment at column 0': return '# at column 0';
      case 'deeper comment': return `${spaces(column + 3)}# deeper`;
    }
  });
}

/**
 * What follows an indicator (`key:` or `- `) for `node` whose parent collection sits at `column`:
 * the rest of that line (with its leading space) and the lines below it, indented absolutely.
 */
function afterIndicator(node: TreeNode, column: number, writer: Writer): { inline: string; rest: string[] } {
  switch (node.kind) {
    case 'inline': {
      const inline = ` ${withProps(node.props, node.text)}`;
      define(writer, node.props);
      return { inline, rest: [] };
    }
    case 'alias': return { inline: ` ${aliasText(writer, node.pick)}`, rest: [] };
    case 'empty': {
      const p = propsText(node.props);
      define(writer, node.props);
      return { inline: p ? ` ${p}` : '', rest: [] };
    }
    case 'multi-line': return { inline: ` ${node.lines[0]}`, rest: node.lines.slice(1).map((line) => (line ? `${spaces(column + writer.indent)}${line}` : '')) };
    case 'block': {
      const digit = node.indicator > 0 ? String(node.indicator) : '';
      const header = node.style + (node.indicatorFirst ? digit + node.chomp : node.chomp + digit);
      const content = column + (node.indicator || writer.indent);
      const rest = node.lines.map((line) => {
        if (line === '') return '';
        if (line === '<fewer spaces>') return spaces(Math.max(0, content - 1));
        if (line === '<more spaces>') return spaces(content + 2);
        return spaces(content) + line;
      });
      for (let i = 0; i < node.trailingBlank; i++) rest.push('');
      define(writer, node.props);
      return { inline: ` ${withProps(node.props, header)}`, rest };
    }
    case 'map': {
      if (node.entries.length === 0) {
        define(writer, node.props);
        return { inline: ` ${withProps(node.props, '{}')}`, rest: [] };
      }
      const p = propsText(node.props);
      const rest = mapLines(node, column + writer.indent, writer, false);
      define(writer, node.props);
      return { inline: p ? ` ${p}` : '', rest };
    }
    case 'seq': {
      if (node.items.length === 0) {
        define(writer, node.props);
        return { inline: ` ${withProps(node.props, '[]')}`, rest: [] };
      }
      const p = propsText(node.props);
      const rest = seqLines(node, node.zeroIndent ? column : column + writer.indent, writer, false);
      define(writer, node.props);
      return { inline: p ? ` ${p}` : '', rest };
    }
  }
}

/**
 * A block map at `column`. With `compact` (after `- `), its first line comes without indentation
 * and without the comments and blank lines that would go before it.
 */
function mapLines(node: MapNode, column: number, writer: Writer, compact: boolean): string[] {
  const lines: string[] = [];
  node.entries.forEach((entry, i) => {
    const first = compact && i === 0;
    if (!first) lines.push(...beforeLines(entry.decor.before, column));
    const key = entry.keyAnchor === undefined ? entry.key : `&${entry.keyAnchor} ${entry.key}`;
    if (entry.keyAnchor !== undefined) writer.anchors.push(entry.keyAnchor);
    const { inline, rest } = entry.value.kind === 'merge' ? mergeValue(entry.value, column, writer) : afterIndicator(entry.value, column, writer);
    const head = `${first ? '' : spaces(column)}${key}${entry.keyGap}:`;
    const { after, trailing } = entry.decor;
    if (entry.nextLine && rest.length === 0 && inline !== '') {
      lines.push(`${head}${after}${trailing}`, `${spaces(column + writer.indent)}${inline.slice(1)}`);
    } else {
      lines.push(`${head}${inline === '' ? '' : entry.gap + inline.slice(1)}${after}${trailing}`, ...rest);
    }
  });
  return lines;
}

/** `<<: *a`, `<<: [*a, *b]`, a block list of aliases, or an inline map when no anchor is defined yet. */
function mergeValue(node: MergeNode, column: number, writer: Writer): { inline: string; rest: string[] } {
  if (writer.anchors.length === 0) return { inline: ' {merged: 1}', rest: [] };
  const aliases = node.picks.map((pick) => aliasText(writer, pick));
  if (node.blockList) return { inline: '', rest: aliases.map((alias) => `${spaces(column + writer.indent)}- ${alias}`) };
  return { inline: aliases.length === 1 ? ` ${aliases[0]}` : ` [${aliases.join(', ')}]`, rest: [] };
}

/** A block sequence with its dashes at `column`; `compact` as for mapLines. */
function seqLines(node: SeqNode, column: number, writer: Writer, compact: boolean): string[] {
  const lines: string[] = [];
  node.items.forEach((item, i) => {
    const first = compact && i === 0;
    if (!first) lines.push(...beforeLines(item.decor.before, column));
    const indent = first ? '' : spaces(column);
    const value = item.value;
    const contentColumn = column + 1 + item.dashSpaces;
    const dash = `-${spaces(item.dashSpaces)}`;
    const canBeCompact = item.compact && !propsText((value as { props?: Props }).props ?? { anchor: undefined, tag: undefined });
    if (value.kind === 'map' && value.entries.length > 0 && canBeCompact) {
      const [head = '', ...rest] = mapLines(value, contentColumn, writer, true);
      lines.push(`${indent}${dash}${head}`, ...rest);
    } else if (value.kind === 'seq' && value.items.length > 0 && canBeCompact) {
      const [head = '', ...rest] = seqLines(value, contentColumn, writer, true);
      lines.push(`${indent}${dash}${head}`, ...rest);
    } else {
      // A collection below a bare `-` (its own lines), or a scalar after the dash.
      const { inline, rest } = value.kind === 'multi-line' ? afterIndicator(value, contentColumn - writer.indent, writer) : afterIndicator(value, column, writer);
      const afterDash = inline === '' ? '' : `${spaces(item.dashSpaces - 1)}${inline}`;
      lines.push(`${indent}-${afterDash}${item.decor.after}${item.decor.trailing}`, ...rest);
    }
  });
  return lines;
}

function applyUnusual(text: string, kind: Unusual, at: number): string {
  const lines = text.split('\n');
  const pickLine = (accept: (line: string) => boolean): number => {
    const candidates = lines.map((line, i) => (accept(line) ? i : -1)).filter((i) => i >= 0);
    return candidates.length === 0 ? -1 : candidates[at % candidates.length]!;
  };
  switch (kind) {
    case 'tab indentation': {
      const i = pickLine((line) => line.startsWith(' '));
      if (i >= 0) lines[i] = `\t${lines[i]!.slice(1)}`;
      return lines.join('\n');
    }
    case 'tab after a colon': {
      const i = pickLine((line) => line.includes(': '));
      if (i >= 0) lines[i] = lines[i]!.replace(': ', ':\t');
      return lines.join('\n');
    }
    case 'document start': return `---\n${text}`;
    case 'document start with a comment': return `--- # c\n${text}`;
    case 'document end': return `${text}${text.endsWith('\n') ? '' : '\n'}...\n`;
    case 'second document': return `${text}${text.endsWith('\n') ? '' : '\n'}---\nx: 1\n`;
    case '%YAML 1.2': return `%YAML 1.2\n---\n${text}`;
    case '%YAML 1.1': return `%YAML 1.1\n---\n${text}`;
    case 'byte-order mark': return `\uFEFF${text}`;
    case 'CRLF': return text.replace(/\n/g, '\r\n');
    case 'complex key': return `${text}${text.endsWith('\n') ? '' : '\n'}? complex key\n: value\n`;
    case 'bad indentation': {
      const i = pickLine((line) => line.trim() !== '');
      if (i >= 0) lines[i] = at % 2 === 0 ? ` ${lines[i]}` : lines[i]!.replace(/^ /, '');
      return lines.join('\n');
    }
    case 'repeated line': {
      const i = pickLine(() => true);
      lines.splice(i, 0, lines[i]!);
      return lines.join('\n');
    }
    case 'trailing tab': {
      const i = pickLine((line) => line.trim() !== '');
      if (i >= 0) lines[i] = `${lines[i]}\t`;
      return lines.join('\n');
    }
  }
}

const MUTATION_CHARACTERS = [' ', ' ', '\n', '\t', '\r', ':', '-', '#', '"', "'", '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '?', '%', '@', '`', '\\', 'a', '0', '\u0000', '\u2028', '\u00a0', '\ufeff'];
const mutation = fc.record({ op: fc.constantFrom('delete', 'insert', 'replace'), at: fc.nat(), character: fc.constantFrom(...MUTATION_CHARACTERS) });
const mutatedText = fc.tuple(composeText, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([text, mutations]) => {
  let out = text;
  for (const { op, at, character } of mutations) {
    const i = out.length === 0 ? 0 : at % (out.length + (op === 'insert' ? 1 : 0));
    if (op === 'insert') out = out.slice(0, i) + character + out.slice(i);
    else if (op === 'delete') out = out.slice(0, i) + out.slice(i + 1);
    else out = out.slice(0, i) + character + out.slice(i + 1);
  }
  return out;
});

describe('the fast YAML parser on random compose-like texts', () => {
  it('never throws, and agrees with the library whenever it takes the fast path', () => {
    fc.assert(fc.property(composeText, (text) => {
      expectSameAsLibrary(text);
    }), params);
  });

  it('never throws, and agrees with the library, after a character is deleted, inserted or replaced', () => {
    fc.assert(fc.property(mutatedText, (text) => {
      expectSameAsLibrary(text);
    }), params);
  });

  it('is fed texts the library mostly accepts (or the properties above would test little)', () => {
    const texts = fc.sample(composeText, { numRuns: 400, seed: 42 });
    const valid = texts.filter((text) => parseByLibrary(text).doc.errors.length === 0).length;
    const fast = texts.filter((text) => parseSimpleYaml(text) !== undefined).length;
    console.log(`random compose-like texts: the library accepts ${valid} of ${texts.length}, the fast path takes ${fast}`);
    expect(valid / texts.length).toBeGreaterThan(0.6);
    // …and that the fast path takes a good share of them (139 of 400 when this was written).
    expect(fast / texts.length).toBeGreaterThan(0.25);
  });
});

// ---------------------------------------------------------------------------------------------
// The checker checks: a stand-in parser that is the library itself passes, and one that changes
// the library's document in one detail is caught, with the path of the change.

const SELF_TEST_TEXT = `x-base: &base
  restart: always
services:
  web:
    <<: *base
    image: nginx:1.27
    ports:
      - "8080:80"
    command: [a, b]
    logging: *base
`;

/** The library's own reading of the text, changed by `change`. */
function libraryWith(change: (parsed: SimpleParse) => SimpleParse | void): Parser {
  return (text) => {
    const parsed = parseByLibrary(text);
    return change(parsed) ?? parsed;
  };
}

function nodeAt(doc: Document, path: (string | number)[]): Node {
  const node = doc.getIn(path, true);
  if (!node || typeof node !== 'object') throw new Error(`no node at ${path.join('.')}`);
  return node as Node;
}

describe('the checker', () => {
  it('passes the library standing in for the fast parser on every small text it accepts, and refuses the rest', () => {
    const itself = libraryWith(() => undefined);
    for (const [name, text] of SMALL_TEXTS) {
      if (parseByLibrary(text).doc.errors.length === 0) {
        expect(expectSameAsLibrary(text, itself), name).toBe(true);
      } else {
        expect(() => expectSameAsLibrary(text, itself), name).toThrow(/the library refuses this text/);
      }
    }
    expect(expectSameAsLibrary(SELF_TEST_TEXT, itself)).toBe(true);
    expect(expectSameAsLibrary(SELF_TEST_TEXT, () => undefined)).toBe(false);
  });

  const changes: [string, (parsed: SimpleParse) => SimpleParse | void, RegExp][] = [
    ['a changed value', ({ doc }) => { (nodeAt(doc, ['services', 'web', 'image']) as Scalar).value = 'nginx:1.28'; }, /services\.web\.image: value: fast path "nginx:1\.28", library "nginx:1\.27"/],
    ['a value of another type', ({ doc }) => { (nodeAt(doc, ['services', 'web', 'ports', 0]) as Scalar).value = 8080; }, /services\.web\.ports\[0\]: value/],
    ['a merge key read as a string', ({ doc }) => {
      const pair = (nodeAt(doc, ['services', 'web']) as YAMLMap).items[0]!;
      (pair.key as Scalar).value = '<<';
    }, /services\.web\.<< \(key\): value: fast path "<<", library Symbol\(<<\)/],
    ['a shifted range', ({ doc }) => {
      const node = nodeAt(doc, ['services', 'web', 'ports', 0]);
      node.range = [node.range![0] + 1, node.range![1] + 1, node.range![2] + 1];
    }, /services\.web\.ports\[0\]: range\[0\]/],
    ['a scalar range that ends elsewhere', ({ doc }) => {
      const node = nodeAt(doc, ['services', 'web', 'image']);
      node.range = [node.range![0], node.range![1] - 1, node.range![2]];
    }, /services\.web\.image: range\[1\]: fast path \d+, library \d+/],
    ['a missing anchor', ({ doc }) => { nodeAt(doc, ['x-base']).anchor = undefined; }, /x-base: anchor: fast path undefined, library "base"/],
    ['another scalar style', ({ doc }) => { (nodeAt(doc, ['services', 'web', 'ports', 0]) as Scalar).type = 'PLAIN'; }, /services\.web\.ports\[0\]: type: fast path "PLAIN", library "QUOTE_DOUBLE"/],
    ['a tag', ({ doc }) => { nodeAt(doc, ['services', 'web', 'image']).tag = '!custom'; }, /services\.web\.image: tag/],
    ['a block sequence for a flow one', ({ doc }) => { (nodeAt(doc, ['services', 'web', 'command']) as YAMLSeq).flow = false; }, /services\.web\.command: flow: fast path false, library true/],
    ['an alias to another anchor', ({ doc }) => { ((nodeAt(doc, ['services', 'web']) as YAMLMap).items[0]!.value as Alias).source = 'other'; }, /services\.web\.<<: source/],
    ['a missing item', ({ doc }) => { (nodeAt(doc, ['services', 'web', 'command']) as YAMLSeq).items.pop(); }, /services\.web\.command: items: fast path has 1, library 2/],
    ['a missing pair', ({ doc }) => { (nodeAt(doc, ['services', 'web']) as YAMLMap).items.pop(); }, /services\.web: pairs: fast path has 4, library 5/],
    ['a scalar where the library has a map', ({ doc }) => { doc.setIn(['services', 'web'], doc.createNode('web')); }, /services\.web: node kind: fast path scalar, library map/],
    ['an empty document', ({ doc }) => { doc.contents = null; }, /the document: node kind: fast path null, library map/],
    ['data that differs although the trees agree', ({ doc }) => { Object.assign(doc, { toJS: () => ({}) }); }, /toJS\(\)/],
    ['a toJS that throws', ({ doc }) => { Object.assign(doc, { toJS: () => { throw new Error('boom'); } }); }, /toJS\(\): the fast path's document throws "boom"/],
    ['a line counter with no lines', (parsed) => ({ ...parsed, lineCounter: new LineCounter() }), /lineCounter\.linePos\(0\): fast path 0:0, library 1:1/],
    ['an error in its document', ({ doc }) => { doc.errors.push(parseDocument('a: "').errors[0]!); }, /carries an error/],
    ['something that is not a Document', (parsed) => ({ ...parsed, doc: {} as Document }), /not a yaml Document/],
    ['data that shares less than the library data', ({ doc }) => {
      const toJS = doc.toJS.bind(doc);
      Object.assign(doc, { toJS: (options: { maxAliasCount: number }) => JSON.parse(JSON.stringify(toJS(options))) as unknown });
    }, /toJS\(\): at \/services\/web\/logging: the fast path's object is new, the library's is the one at \/x-base/],
    ['a throw', () => { throw new Error('bug'); }, /parseSimpleYaml threw/],
  ];
  it.each(changes)('notices %s', (_name, change, message) => {
    expect(() => expectSameAsLibrary(SELF_TEST_TEXT, libraryWith(change))).toThrow(message);
  });

  it('notices a document accepted although the library refuses the text', () => {
    const text = 'services:\n  web:\n    ports: ["80:80"\n';
    const accepting = libraryWith(({ doc }) => { doc.errors.length = 0; });
    expect(() => expectSameAsLibrary(text, accepting)).toThrow(/the library refuses this text \(\w+ at offset \d+/);
  });

  it('notices toJS not throwing where the library throws (an alias bomb)', () => {
    const text = `${aliasBomb}\n`;
    expect(() => expectSameAsLibrary(text, libraryWith(() => undefined))).not.toThrow();
    expect(() => expectSameAsLibrary(text, libraryWith(({ doc }) => { Object.assign(doc, { toJS: () => ({}) }); })))
      .toThrow(/toJS\(\): the library throws "Excessive alias count/);
  });
});
