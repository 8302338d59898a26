/**
 * Scalars in the one YAML style of every generated file. A string that is certainly written as
 * itself is returned as is; every other string goes to the yaml library's own string stringifier,
 * so quoting, escaping and block scalars stay the library's decisions. test/yaml-emitter.test.ts holds
 * the result to `yaml.stringify` on random data.
 */
import { Document, Scalar, type ScalarTag } from 'yaml';

/** Options of every generated document: block style, no line folding, keys in insertion order. */
// YAML 1.1 because Kubernetes and Helm read 1.1: `yes`/`on` must be quoted to stay strings.
// `directives: false`: generated documents never carry %YAML/%TAG lines or `---`, and without it the
// yaml library walks every document once more looking for tags to declare (~5% of a large run).
export const YAML_STYLE = { lineWidth: 0, minContentWidth: 0, indent: 2, singleQuote: true, aliasDuplicateObjects: false, version: '1.1', directives: false } as const;

/** One level of block indentation (`YAML_STYLE.indent`). */
export const INDENT_STEP = '  ';

type StringifyContext = Parameters<NonNullable<ScalarTag['stringify']>>[1];

const schemaDoc = new Document(null, { version: YAML_STYLE.version });
const { tags, compat } = schemaDoc.schema;
const STRING_TAG = 'tag:yaml.org,2002:str';
// Every string is written by the string tag. The library itself writes the string `<<` with its
// YAML 1.1 merge tag, bare, and a bare `<<` key is a merge key to every other reader: Helm refused
// a values.yaml holding an environment variable named `<<` ("map merge requires map or sequence of
// maps"). The string tag quotes it, as it quotes every plain string that another type's pattern
// matches. This is the one place the emitter differs from yaml.stringify on purpose.
const stringTag = tags.find((tag): tag is ScalarTag => tag.tag === STRING_TAG && !tag.format && typeof (tag as ScalarTag).stringify === 'function')!;

// The library quotes a plain string that a YAML 1.1 reader would resolve to another type: it tests
// every default tag's pattern (stringifyString.js plainString). The same patterns, as one regex.
const otherTypePatterns = [...tags, ...(compat ?? [])]
  .filter((tag) => tag.default && tag.tag !== STRING_TAG && tag.test)
  .map((tag) => `(?:${tag.test!.source})`);
const RESOLVES_TO_OTHER_TYPE = new RegExp(otherTypePatterns.join('|'));

// A first character that is no indicator and not `-`/`.` (`---`/`...` are document markers); no
// tab, control character, surrogate or line break anywhere, U+2028/U+2029 included (the library's
// document-marker test is a multiline regex, for which those start a line too).
const PLAIN_SHAPE = /^[A-Za-z0-9_/][^\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]*$/;

/** True when the plain style writes the string verbatim and a YAML 1.1 reader reads it back as a string. */
function isVerbatimPlain(value: string): boolean {
  if (!PLAIN_SHAPE.test(value)) return false;
  // `: ` starts a mapping value, ` #` a comment; a trailing space or `:` would not survive.
  if (value.includes(': ') || value.includes(' #')) return false;
  const last = value.charCodeAt(value.length - 1);
  if (last === 0x20 || last === 0x3a) return false;
  return !RESOLVES_TO_OTHER_TYPE.test(value);
}

// Generated files repeat the same keys and values thousands of times (apiVersion, labels, release
// names), and the test above runs three regular expressions: remember its answers. Bounded, so a
// huge project cannot grow the memo without limit. ~60 → ~25 ms in a 1,000-service run.
const verbatimPlain = new Map<string, boolean>();
const MAX_REMEMBERED = 50_000;

function isVerbatimPlainRemembered(value: string): boolean {
  let answer = verbatimPlain.get(value);
  if (answer === undefined) {
    answer = isVerbatimPlain(value);
    if (verbatimPlain.size >= MAX_REMEMBERED) verbatimPlain.clear();
    verbatimPlain.set(value, answer);
  }
  return answer;
}

// The library's stringify context (stringify.js createStringifyContext): its defaults, then ours.
const contextOptions = Object.assign({
  blockQuote: true,
  commentString: (text: string) => text.replace(/^(?!$)(?: $)?/gm, '#'),
  defaultKeyType: null,
  defaultStringType: 'PLAIN',
  directives: null,
  doubleQuotedAsJSON: false,
  doubleQuotedMinMultiLineLength: 40,
  falseStr: 'false',
  flowCollectionPadding: true,
  indentSeq: true,
  lineWidth: 80,
  minContentWidth: 20,
  nullStr: 'null',
  simpleKeys: false,
  singleQuote: null,
  trailingComma: false,
  trueStr: 'true',
  verifyAliasOrder: true,
}, YAML_STYLE) as unknown as StringifyContext['options'];

/** Contexts by indent, for values and for implicit keys; a run uses a handful of indents. */
const contexts = [new Map<string, StringifyContext>(), new Map<string, StringifyContext>()] as const;

function contextFor(indent: string, implicitKey: boolean): StringifyContext {
  const byIndent = contexts[implicitKey ? 1 : 0];
  let ctx = byIndent.get(indent);
  if (!ctx) {
    ctx = { anchors: new Set(), doc: schemaDoc, flowCollectionPadding: ' ', implicitKey, indent, indentStep: INDENT_STEP, inFlow: null, options: contextOptions };
    byIndent.set(indent, ctx);
  }
  return ctx;
}

/**
 * A string as a block-context scalar: a mapping key (`implicitKey`) or a value whose continuation
 * lines, if any, are indented by `indent`. `onChompKeep` is called for a block scalar that keeps
 * its trailing line breaks (`|+`), after which the library writes no blank line or comment break.
 */
export function stringScalar(value: string, indent: string, implicitKey: boolean, onChompKeep?: () => void): string {
  if (isVerbatimPlainRemembered(value)) return value;
  return stringTag.stringify!(new Scalar(value), contextFor(indent, implicitKey), undefined, onChompKeep);
}


/** A number as the YAML 1.1 int and float tags write it (stringifyNumber.js). */
export function numberScalar(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value < 0 ? '-.inf' : '.inf';
  return Object.is(value, -0) ? '-0' : String(value);
}
