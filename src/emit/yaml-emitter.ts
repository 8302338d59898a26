/**
 * Writes plain data (objects in key order, arrays, strings, numbers, booleans, null) as block YAML,
 * byte for byte what the yaml library writes with YAML_STYLE, without building the library's node
 * tree first: for a 1,000-service project that tree was most of a `--check` run. Scalars that are
 * not certainly plain are still stringified by the library (yaml-scalar.ts); anything that is not
 * plain data (a Date, a Map, a class instance) and a document that is a lone scalar go to the
 * library whole. test/yaml-emitter.test.ts compares the two on random data.
 */
import { Document, isMap, isPair, isScalar, stringify, type Pair, type YAMLMap } from 'yaml';
import { INDENT_STEP, YAML_STYLE, numberScalar, stringScalar } from './yaml-scalar.js';

/** Comments and blank lines, as the yaml library's `commentBefore`/`spaceBefore` would add them. */
export interface YamlComments {
  /** Text above the document, each line written as `#` + line; none by default. */
  header?: string;
  /** Text above a mapping key, by the dot-joined keys leading to it through mappings (not sequences); none by default. */
  keyComments?: ReadonlyMap<string, string>;
  /** A blank line before every top-level key but the first; false by default. */
  spaceBetweenTopLevelKeys?: boolean;
}

/** The YAML text of `value`, ending in a newline. */
export function emitYaml(value: unknown, comments: YamlComments = {}): string {
  if (!isPlainCollection(value)) return yamlByLibrary(value, comments);
  try {
    return emitPlainYaml(value, comments);
  } catch (error) {
    if (error instanceof NotPlainData) return yamlByLibrary(value, comments);
    throw error;
  }
}

/** The yaml library's text for `value`: the reference the emitter is held to. */
export function yamlByLibrary(value: unknown, comments: YamlComments = {}): string {
  const { header, keyComments, spaceBetweenTopLevelKeys } = comments;
  if (!header && !keyComments && !spaceBetweenTopLevelKeys) return stringify(value, YAML_STYLE);
  const doc = new Document(value, { aliasDuplicateObjects: false, version: YAML_STYLE.version });
  if (isMap(doc.contents)) attachComments(doc.contents, [], comments);
  if (header) doc.commentBefore = header;
  return doc.toString(YAML_STYLE);
}

function attachComments(map: YAMLMap, prefix: string[], comments: YamlComments): void {
  map.items.forEach((pair, i) => {
    if (!isPair(pair) || !isScalar(pair.key)) return;
    const path = [...prefix, String(pair.key.value)];
    const comment = comments.keyComments?.get(path.join('.'));
    if (comment) pair.key.commentBefore = comment;
    if (comments.spaceBetweenTopLevelKeys && prefix.length === 0 && i > 0) pair.key.spaceBefore = true;
    if (isMap((pair as Pair).value)) attachComments((pair as Pair).value as YAMLMap, path, comments);
  });
}

/** Found a value the emitter does not write; the whole document goes to the library instead. */
class NotPlainData extends Error {}

/**
 * The emitter alone, for tests: throws on values that are not plain data instead of falling back.
 * `value` must be an object or an array.
 */
export function emitPlainYaml(value: object, comments: YamlComments = {}): string {
  const writer = new BlockWriter(comments);
  if (Array.isArray(value)) writer.sequence(value, '');
  else if (isPlainObject(value)) writer.mapping(value, '', '');
  else notPlain();
  const body = writer.text;
  // stringifyDocument.js: the header comment, a blank line, the body.
  return comments.header ? `${indentComment(commentText(comments.header), '')}\n\n${body}\n` : `${body}\n`;
}

type PlainObject = Record<string, unknown>;

function isPlainObject(value: object): value is PlainObject {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function isPlainCollection(value: unknown): value is object {
  return typeof value === 'object' && value !== null && (Array.isArray(value) || isPlainObject(value));
}

/** A mapping with no defined value is written `{}`, as the library drops undefined values. */
function hasDefinedValue(map: PlainObject): boolean {
  for (const key of Object.keys(map)) if (map[key] !== undefined) return true;
  return false;
}

/**
 * Appends to one string. Each collection is written the way the library's stringifyBlockCollection
 * and stringifyPair build theirs: the first line where the cursor is, later lines at `indent`.
 * Methods return true when the text ended in a block scalar that keeps its final line breaks.
 */
class BlockWriter {
  text = '';
  private readonly keyComments: ReadonlyMap<string, string> | undefined;
  private readonly spaceBetweenTopLevelKeys: boolean;

  constructor(comments: YamlComments) {
    this.keyComments = comments.keyComments;
    this.spaceBetweenTopLevelKeys = comments.spaceBetweenTopLevelKeys ?? false;
  }

  /** `path`: dot-joined keys down to this mapping (ignored at the root), or undefined below a sequence. */
  mapping(map: PlainObject, indent: string, path: string | undefined): boolean {
    const keyIndent = indent + INDENT_STEP;
    const topLevel = indent === '';
    let lines = 0;
    let chompKeep = false;
    for (const key of Object.keys(map)) {
      const value = map[key];
      if (value === undefined) continue;
      if (this.spaceBetweenTopLevelKeys && topLevel && lines > 0 && !chompKeep) lines = this.line('', indent, lines);
      const keyPath = path === undefined || !this.keyComments ? undefined : topLevel ? key : `${path}.${key}`;
      let comment = keyPath === undefined ? undefined : this.keyComments!.get(keyPath);
      if (comment && chompKeep) comment = comment.replace(/^\n+/, '');
      if (comment) lines = this.line(commentLines(comment, indent), indent, lines);
      lines = this.line(null, indent, lines);
      const keyText = stringScalar(key, keyIndent, true);
      // stringifyPair.js: an implicit key is at most 1,024 characters long.
      const explicitKey = keyText.length > 1024;
      this.text += explicitKey ? `? ${keyText}\n${indent}:` : `${keyText}:`;
      chompKeep = this.pairValue(value, keyIndent, explicitKey, keyPath);
    }
    if (lines === 0) this.text += '{}';
    return chompKeep;
  }

  sequence(seq: readonly unknown[], indent: string): boolean {
    const itemIndent = indent + INDENT_STEP;
    let chompKeep = false;
    for (let i = 0; i < seq.length; i++) {
      if (i > 0) this.text += `\n${indent}`;
      this.text += '- ';
      chompKeep = this.node(seq[i], itemIndent);
    }
    if (seq.length === 0) this.text += '[]';
    return chompKeep;
  }

  /** A value after `key:`; `indent` is the key's own context indent (one step in). */
  private pairValue(value: unknown, indent: string, explicitKey: boolean, path: string | undefined): boolean {
    if (typeof value === 'object' && value !== null) {
      const empty = Array.isArray(value) ? value.length === 0 : isPlainObject(value) ? !hasDefinedValue(value) : notPlain();
      if (explicitKey && !empty) return this.afterExplicitKey(value, indent, path);
      // A non-empty collection starts on the next line, an empty one (`[]`, `{}`) stays on this one.
      this.text += empty ? ' ' : `\n${indent}`;
      return Array.isArray(value) ? this.sequence(value, indent) : this.mapping(value as PlainObject, indent, path);
    }
    this.text += ' ';
    return this.node(value, indent);
  }

  /**
   * A collection after `? key\n:` stays on the `:` line, after a space unless its text starts with
   * a line break (a mapping whose first key has a comment of blank lines). Keys this long are rare.
   */
  private afterExplicitKey(value: object, indent: string, path: string | undefined): boolean {
    const before = this.text;
    this.text = '';
    const chompKeep = Array.isArray(value) ? this.sequence(value, indent) : this.mapping(value as PlainObject, indent, path);
    this.text = before + (this.text === '' || this.text[0] === '\n' ? '' : ' ') + this.text;
    return chompKeep;
  }

  /** Any value where the cursor is; continuation lines at `indent`. */
  private node(value: unknown, indent: string): boolean {
    switch (typeof value) {
      case 'string': {
        let chompKeep = false;
        this.text += stringScalar(value, indent, false, () => (chompKeep = true));
        return chompKeep;
      }
      case 'number':
        this.text += numberScalar(value);
        return false;
      case 'boolean':
        this.text += value ? 'true' : 'false';
        return false;
      case 'undefined':
        this.text += 'null';
        return false;
      case 'object':
        if (value === null) {
          this.text += 'null';
          return false;
        }
        if (Array.isArray(value)) return this.sequence(value, indent);
        if (isPlainObject(value)) return this.mapping(value, indent, undefined);
        return notPlain();
      default:
        return notPlain();
    }
  }

  /**
   * Starts line number `lines` of a collection: the first goes where the cursor is, later ones on
   * a new line at `indent` (an empty line gets no indent). Writes `text` unless it is null.
   */
  private line(text: string | null, indent: string, lines: number): number {
    if (lines > 0) this.text += text === '' ? '\n' : `\n${indent}`;
    if (text !== null) this.text += text;
    return lines + 1;
  }
}

function notPlain(): never {
  throw new NotPlainData();
}

/**
 * A comment before a key, as stringifyBlockCollection.js addCommentBefore writes it: the first line
 * where the key would start, later lines at `indent`.
 */
function commentLines(comment: string, indent: string): string {
  // One line (no line terminator of a multiline regex): the general path below gives this.
  if (!/[\n\r\u2028\u2029]/.test(comment)) return comment === ' ' ? '#' : `#${comment}`;
  return indentComment(commentText(comment), indent).trimStart();
}

/** stringifyComment.js: `#` before every non-empty line; a line of one space becomes `#`. */
function commentText(text: string): string {
  return text.replace(/^(?!$)(?: $)?/gm, '#');
}

/** stringifyComment.js indentComment. */
function indentComment(comment: string, indent: string): string {
  if (/^\n+$/.test(comment)) return comment.substring(1);
  return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
}
