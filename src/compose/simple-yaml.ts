/**
 * A fast parser for the block-style YAML most compose and mapping files are written in, building
 * the same document the yaml library builds. It exists for speed (issue #9): the library's
 * general lexer and composer were the largest single cost of `migrate --check` — about a fifth of
 * a run on the repo's own compose file, where the code runs cold, and ~0.4 s of parsing plus its
 * garbage at 1,000 services.
 *
 * The subset: block mappings and sequences (sequences indented or not under their key, compact
 * `- key: value` items, `- - nested`), one-line plain, single- and double-quoted scalars, `|` and
 * `>` block scalars (clip or strip chomping, no indentation indicator), one-line flow sequences
 * and mappings of scalars and aliases, anchors on block values and scalars, aliases, merge keys,
 * comments and blank lines. Anything else — tags, multi-line flow or quoted scalars, multi-line
 * plain scalars, `? ` keys, document markers and directives, tabs, CR, a BOM, control
 * characters, or text the library would report an error for — returns undefined, and the caller
 * parses with the library, whose diagnostics stay the ones users see.
 *
 * What "the same document" means is held by test/simple-yaml.test.ts against the library on the
 * corpus and on random text: node classes, scalar values, types, anchors, alias sources, flow
 * flags, `range[0]` and `range[1]` (which is all locate.ts reads), line positions, and `toJS()`.
 * Not reproduced: comments, `spaceBefore`, a scalar's `range[2]` (the library extends it over a
 * trailing comment; here it equals `range[1]`) and a collection's end offsets, none of which the
 * pipeline reads. Scalars are resolved by the document's own schema tags, so their values and
 * number formats are the library's by construction, and merge keys and aliases are expanded by
 * the library's own `toJS()`.
 */
import { Alias, Document, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq, isScalar } from 'yaml';

export interface SimpleParse {
  doc: Document;
  lineCounter: LineCounter;
}

/** Thrown inside the parser when the text leaves the subset; never escapes parseSimpleYaml. */
const DECLINE = Symbol('outside the simple subset');

/** Characters the subset refuses anywhere: tabs, CR, other C0/C1 controls, BOM, line separators. */
const UNSUPPORTED_CHARACTER = /[\0-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;
/** `---` or `...` starting a line: a document marker. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?:[ \n]|$)/m;
/** Characters that cannot start a plain scalar in the subset (YAML's indicators). */
const INDICATOR = new Set([...'[]{},#&*!|>\'"%@`']);
/** Anchor and alias names the subset accepts. */
const ANCHOR_NAME = /^[A-Za-z0-9_.-]+/;
/** YAML allows an implicit key of up to 1024 characters; longer ones are left to the library (with a margin). */
const MAX_KEY_LENGTH = 1000;
/** Collections nested deeper than this go to the library: this parser recurses once per level. */
const MAX_DEPTH = 100;

const DOUBLE_QUOTE_ESCAPES: Record<string, string> = {
  0: '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', N: '\u0085', _: '\u00a0',
  L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
};

interface ResolvingTag {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve: (value: string, onError: (message: string) => void, options: object) => unknown;
}

export function parseSimpleYaml(text: string): SimpleParse | undefined {
  if (UNSUPPORTED_CHARACTER.test(text) || DOCUMENT_MARKER.test(text)) return undefined;
  try {
    return new SimpleParser(text).parse();
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
}

function decline(): never {
  throw DECLINE;
}

class SimpleParser {
  private readonly doc = new Document(null, { merge: true });
  /** Per line: offset of its first character, of its end (the `\n` or the text's end), its indent. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly indents: number[] = [];
  /** Per line: whether it holds content (not blank, not only a comment). */
  private readonly content: boolean[] = [];
  private readonly anchors = new Set<string>();
  /** Collections open around the one being read. */
  private depth = 0;
  private readonly valueTags: ResolvingTag[];
  private readonly keyTags: ResolvingTag[];

  constructor(private readonly text: string) {
    const tags = this.doc.schema.tags as unknown as ResolvingTag[];
    this.valueTags = tags.filter((tag) => tag.default === true && tag.test);
    this.keyTags = tags.filter((tag) => (tag.default === true || tag.default === 'key') && tag.test);
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      let first = start;
      while (first < end && text.charCodeAt(first) === 32) first++;
      this.starts.push(start);
      this.ends.push(end);
      this.indents.push(first - start);
      this.content.push(first < end && text[first] !== '#');
      start = end + 1;
    }
  }

  parse(): SimpleParse {
    const first = this.nextContent(0);
    if (first === this.lineCount) decline();
    const indent = this.indents[first]!;
    const [contents, next] = this.isSequenceEntry(first, this.starts[first]! + indent)
      ? this.sequence(first, indent, this.starts[first]! + indent)
      : this.mapping(first, indent, this.starts[first]! + indent);
    if (next !== this.lineCount) decline();
    this.doc.contents = contents;
    this.doc.range = [0, this.text.length, this.text.length];
    const lineCounter = new LineCounter();
    for (const start of this.starts) lineCounter.addNewLine(start);
    return { doc: this.doc, lineCounter };
  }

  private get lineCount(): number {
    return this.starts.length;
  }

  /** The first line at or after `line` that holds content. */
  private nextContent(line: number): number {
    while (line < this.lineCount && !this.content[line]) line++;
    return line;
  }

  /** `-` followed by a space or the line's end, at `at`. */
  private isSequenceEntry(line: number, at: number): boolean {
    return this.text[at] === '-' && (at + 1 === this.ends[line] || this.text[at + 1] === ' ');
  }

  private skipSpaces(at: number, end: number): number {
    while (at < end && this.text.charCodeAt(at) === 32) at++;
    return at;
  }

  /**
   * A block mapping whose keys sit at column `indent`; its first key starts at offset `at` on
   * `line` (inside a `- ` item for a compact mapping). Returns the node and the next line to read.
   */
  private mapping(line: number, indent: number, at: number): [YAMLMap, number] {
    this.enter();
    const map = new YAMLMap(this.doc.schema);
    let keyAt = at;
    for (;;) {
      const key = this.key(line, keyAt);
      if (!key) decline();
      const [value, next] = this.value(line, key.after, indent, false);
      map.items.push(new Pair(key.node, value));
      line = this.nextContent(next);
      if (line === this.lineCount || this.indents[line]! < indent) break;
      if (this.indents[line]! > indent) decline();
      keyAt = this.starts[line]! + indent;
      if (this.isSequenceEntry(line, keyAt)) decline();
    }
    map.range = [at, this.endOf(line), this.endOf(line)];
    this.depth--;
    return [map, line];
  }

  /** A block sequence whose `-` sit at column `indent`, the first one at offset `at` on `line`. */
  private sequence(line: number, indent: number, at: number): [YAMLSeq, number] {
    this.enter();
    const seq = new YAMLSeq(this.doc.schema);
    let dash = at;
    for (;;) {
      const end = this.ends[line]!;
      const item = this.skipSpaces(dash + 1, end);
      let node: unknown;
      let next: number;
      if (item < end && item > dash + 1 && this.isSequenceEntry(line, item)) {
        [node, next] = this.sequence(line, item - this.starts[line]!, item);
      } else if (item < end && item > dash + 1 && this.key(line, item)) {
        [node, next] = this.mapping(line, item - this.starts[line]!, item);
      } else {
        [node, next] = this.value(line, dash + 1, indent, true);
      }
      seq.items.push(node);
      line = this.nextContent(next);
      if (line === this.lineCount || this.indents[line]! < indent) break;
      if (this.indents[line]! > indent) decline();
      dash = this.starts[line]! + indent;
      if (!this.isSequenceEntry(line, dash)) break;
    }
    seq.range = [at, this.endOf(line), this.endOf(line)];
    this.depth--;
    return [seq, line];
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) decline();
  }

  /** Where a collection that ends before `line` ends: the start of that line (or the text's end). */
  private endOf(line: number): number {
    return line < this.lineCount ? this.starts[line]! : this.text.length;
  }

  /** `key:` at offset `at`: the key's node and the offset just after the colon, or undefined. */
  private key(line: number, at: number): { node: Scalar; after: number } | undefined {
    const text = this.text;
    const end = this.ends[line]!;
    const first = text[at];
    let node: Scalar;
    let colon: number;
    if (first === '"' || first === "'") {
      const quoted = this.quoted(at, end);
      colon = this.skipSpaces(quoted.range![1], end);
      node = quoted;
    } else {
      if (first === undefined || INDICATOR.has(first) || ((first === '-' || first === '?' || first === ':') && (at + 1 === end || text[at + 1] === ' '))) return undefined;
      // The first `: ` (or a colon ending the line) ends the key, unless a comment starts first.
      colon = at + 1;
      for (;;) {
        if (colon >= end) return undefined;
        const ch = text.charCodeAt(colon);
        if (ch === 58 /* : */ && (colon + 1 === end || text.charCodeAt(colon + 1) === 32)) break;
        if (ch === 35 /* # */ && text.charCodeAt(colon - 1) === 32) return undefined;
        colon++;
      }
      let keyEnd = colon;
      while (text.charCodeAt(keyEnd - 1) === 32) keyEnd--;
      node = this.plain(text.slice(at, keyEnd), at, keyEnd, true);
    }
    if (text[colon] !== ':' || (colon + 1 !== end && text[colon + 1] !== ' ')) return undefined;
    // The library counts a key's length up to its colon, spaces and quotes included.
    if (colon - at > MAX_KEY_LENGTH) decline();
    return { node, after: colon + 1 };
  }

  /**
   * The value that follows an indicator (`key:` or `-`) ending at offset `at` on `line`, where
   * the collection holding it sits at column `indent`. Returns the node and the next line.
   */
  private value(line: number, at: number, indent: number, inSequence: boolean): [unknown, number] {
    const text = this.text;
    const end = this.ends[line]!;
    let start = this.skipSpaces(at, end);
    let anchor: string | undefined;
    if (text[start] === '&') {
      if (start === at) decline();
      const name = ANCHOR_NAME.exec(text.slice(start + 1, end))?.[0];
      if (!name) decline();
      anchor = name;
      const after = start + 1 + name.length;
      start = this.skipSpaces(after, end);
      if (start === after && start < end) decline();
    }
    if (start === end || (text[start] === '#' && start > at)) {
      // Nothing more on this line: the value is the block below, or empty.
      const below = this.nextContent(line + 1);
      if (below < this.lineCount && this.indents[below]! > indent) {
        const column = this.starts[below]! + this.indents[below]!;
        const [node, next] = this.isSequenceEntry(below, column)
          ? this.sequence(below, this.indents[below]!, column)
          : this.mapping(below, this.indents[below]!, column);
        return [this.anchored(node, anchor), next];
      }
      if (!inSequence && below < this.lineCount && this.indents[below] === indent && this.isSequenceEntry(below, this.starts[below]! + indent)) {
        const [node, next] = this.sequence(below, indent, this.starts[below]! + indent);
        return [this.anchored(node, anchor), next];
      }
      if (anchor !== undefined) decline();
      const empty = this.plain('', start, start, false);
      return [empty, line + 1];
    }
    if (start === at && at < end) decline();
    let node: Scalar | Alias | YAMLMap | YAMLSeq;
    let after: number;
    let next = line + 1;
    const first = text[start]!;
    if (first === '*') {
      if (anchor !== undefined) decline();
      node = this.alias(start, end);
      after = node.range![1];
    } else if (first === '"' || first === "'") {
      node = this.quoted(start, end);
      after = node.range![1];
    } else if (first === '[' || first === '{') {
      const [flow, flowEnd] = this.flow(start, end);
      node = flow;
      after = flowEnd;
    } else if (first === '|' || first === '>') {
      [node, next] = this.blockScalar(line, start, indent);
      return [this.anchored(node, anchor), next];
    } else {
      [node, after] = this.plainValue(start, end);
    }
    // After the value: spaces, then a comment or the line's end.
    const rest = this.skipSpaces(after, end);
    if (rest < end && (text[rest] !== '#' || rest === after)) decline();
    // A deeper line below would continue a plain scalar or be an error: both the library's.
    const below = this.nextContent(next);
    if (below < this.lineCount && this.indents[below]! > indent) decline();
    return [this.anchored(node, anchor), next];
  }

  private anchored<T extends Scalar | Alias | YAMLMap | YAMLSeq>(node: T, anchor: string | undefined): T {
    if (anchor !== undefined) {
      if (node instanceof Alias) decline();
      node.anchor = anchor;
      this.anchors.add(anchor);
    }
    return node;
  }

  private alias(start: number, end: number): Alias {
    const name = ANCHOR_NAME.exec(this.text.slice(start + 1, end))?.[0];
    // An alias must follow its anchor; an alias of a node that holds aliases could multiply
    // (an alias bomb): the library's toJS counts those, so it gets to see them all.
    if (!name || !this.anchors.has(name)) decline();
    const alias = new Alias(name);
    alias.range = [start, start + 1 + name.length, start + 1 + name.length];
    return alias;
  }

  /** A one-line plain scalar in block context starting at `start`; returns it and its end. */
  private plainValue(start: number, end: number): [Scalar, number] {
    const text = this.text;
    const first = text[start]!;
    if (INDICATOR.has(first) || ((first === '-' || first === '?' || first === ':') && (start + 1 === end || text[start + 1] === ' '))) decline();
    let stop = start + 1;
    while (stop < end && !(text.charCodeAt(stop) === 35 /* # */ && text.charCodeAt(stop - 1) === 32)) stop++;
    while (text.charCodeAt(stop - 1) === 32) stop--;
    const source = text.slice(start, stop);
    // `a: b` here would be a mapping inside a value; a trailing colon a key: the library's to report.
    if (source.includes(': ') || source.endsWith(':')) decline();
    return [this.plain(source, start, stop, false), stop];
  }

  /** A plain scalar resolved as the library resolves it: the first default schema tag whose test matches. */
  private plain(source: string, start: number, end: number, atKey: boolean): Scalar {
    let scalar: Scalar | undefined;
    let format: string | undefined;
    // Only the null, bool, number and merge tags test plain scalars, and each of their patterns
    // starts with one of these characters (or matches the empty string).
    if (source === '' || /^[-+.0-9~nNtTfF<]/.test(source)) {
      for (const tag of atKey ? this.keyTags : this.valueTags) {
        if (!tag.test!.test(source)) continue;
        const resolved = tag.resolve(source, decline, this.doc.options);
        scalar = isScalar(resolved) ? resolved : new Scalar(resolved);
        format = tag.format;
        break;
      }
    }
    scalar ??= new Scalar(source);
    scalar.range = [start, end, end];
    scalar.source = source;
    scalar.type = Scalar.PLAIN;
    if (format) scalar.format = format;
    return scalar;
  }

  /** A one-line single- or double-quoted scalar starting at `start`. */
  private quoted(start: number, end: number): Scalar {
    const text = this.text;
    const quote = text[start]!;
    let value = '';
    let from = start + 1;
    let i = from;
    for (;;) {
      if (i >= end) decline();
      const ch = text[i];
      if (ch === quote) {
        if (quote === "'" && text[i + 1] === "'") {
          value += text.slice(from, i + 1);
          i += 2;
          from = i;
          continue;
        }
        break;
      }
      if (ch === '\\' && quote === '"') {
        value += text.slice(from, i);
        const code = text[i + 1] ?? '';
        const escaped = DOUBLE_QUOTE_ESCAPES[code];
        if (escaped !== undefined) {
          value += escaped;
          i += 2;
        } else if (code === 'x' || code === 'u') {
          const length = code === 'x' ? 2 : 4;
          const hex = text.slice(i + 2, i + 2 + length);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) decline();
          value += String.fromCodePoint(parseInt(hex, 16));
          i += 2 + length;
        } else {
          decline();
        }
        from = i;
        continue;
      }
      i++;
    }
    value += text.slice(from, i);
    const scalar = new Scalar(value);
    scalar.range = [start, i + 1, i + 1];
    scalar.source = value;
    scalar.type = quote === '"' ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
    return scalar;
  }

  /** A flow sequence or mapping that opens at `start` and closes on the same line. */
  private flow(start: number, end: number): [YAMLSeq | YAMLMap, number] {
    const text = this.text;
    const isMap = text[start] === '{';
    const close = isMap ? '}' : ']';
    this.enter();
    const node = isMap ? new YAMLMap(this.doc.schema) : new YAMLSeq(this.doc.schema);
    node.flow = true;
    let at = this.skipSpaces(start + 1, end);
    if (text[at] === close) {
      node.range = [start, at + 1, at + 1];
      this.depth--;
      return [node, at + 1];
    }
    for (;;) {
      if (isMap) {
        const [key, keyEnd] = this.flowScalar(at, end, true);
        if (!isScalar(key)) decline();
        // `"a":1` (JSON style) needs no space after the colon; a plain key does.
        const colon = this.skipSpaces(keyEnd, end);
        if (text[colon] !== ':') decline();
        if (key.type === Scalar.PLAIN && text[colon + 1] !== ' ') decline();
        const valueAt = this.skipSpaces(colon + 1, end);
        const [value, valueEnd] = this.flowItem(valueAt, end);
        (node as YAMLMap).items.push(new Pair(key, value));
        at = this.skipSpaces(valueEnd, end);
      } else {
        const [item, itemEnd] = this.flowItem(at, end);
        (node as YAMLSeq).items.push(item);
        at = this.skipSpaces(itemEnd, end);
        if (text[at] === ':') decline();
      }
      if (text[at] === close) {
        node.range = [start, at + 1, at + 1];
        this.depth--;
        return [node, at + 1];
      }
      if (text[at] !== ',') decline();
      at = this.skipSpaces(at + 1, end);
      if (text[at] === close || text[at] === ',') decline();
    }
  }

  private flowItem(at: number, end: number): [unknown, number] {
    const first = this.text[at];
    if (first === '[' || first === '{') return this.flow(at, end);
    if (first === '*') {
      const alias = this.alias(at, end);
      const after = alias.range![1];
      if (!/[ ,\]}]/.test(this.text[after] ?? '')) decline();
      return [alias, after];
    }
    return this.flowScalar(at, end, false);
  }

  /** A quoted or plain scalar inside a flow collection. */
  private flowScalar(at: number, end: number, atKey: boolean): [Scalar, number] {
    const text = this.text;
    const first = text[at];
    if (first === undefined || at >= end) decline();
    if (first === '"' || first === "'") {
      const scalar = this.quoted(at, end);
      return [scalar, scalar.range![1]];
    }
    if (INDICATOR.has(first) || first === '-' || first === '?' || first === ':') decline();
    let stop = at;
    while (stop < end && !/[,[\]{}:#]/.test(text[stop]!)) stop++;
    if (text[stop] === '#' || text[stop] === ':' && !atKey) decline();
    while (text.charCodeAt(stop - 1) === 32) stop--;
    return [this.plain(text.slice(at, stop), at, stop, atKey), stop];
  }

  /**
   * A `|` or `>` block scalar whose header is at `start` on `line`, inside a collection at column
   * `indent`: clip or strip chomping, content indented by its first line, no line holding only
   * spaces (where the library's rules for trailing and leading space lines are subtle).
   */
  private blockScalar(line: number, start: number, indent: number): [Scalar, number] {
    const text = this.text;
    const end = this.ends[line]!;
    const folded = text[start] === '>';
    let header = start + 1;
    const strip = text[header] === '-';
    if (strip) header++;
    const afterHeader = this.skipSpaces(header, end);
    if (afterHeader < end && (text[afterHeader] !== '#' || afterHeader === header)) decline();
    // Content lines: the block runs while lines are empty or indented at least as the first one.
    let first = line + 1;
    while (first < this.lineCount && this.starts[first] === this.ends[first]) first++;
    if (first === this.lineCount) decline();
    const trim = this.indents[first]!;
    if (trim <= indent) decline();
    let last = first;
    for (let l = first; l < this.lineCount; l++) {
      const length = this.ends[l]! - this.starts[l]!;
      if (length === 0) continue;
      if (this.indents[l]! < trim) {
        if (this.indents[l]! === length || this.indents[l]! > indent) decline();
        break;
      }
      if (this.indents[l] === length) decline();
      last = l;
    }
    if (this.ends[last] === text.length) decline();
    const lines: string[] = [];
    for (let l = line + 1; l <= last; l++) lines.push(text.slice(this.starts[l]! + (l < first ? 0 : trim), this.ends[l]));
    // Empty lines before the first content line are kept as line breaks in both styles.
    let value = '\n'.repeat(first - line - 1);
    if (folded) {
      let separator = '';
      for (const content of lines.slice(first - line - 1)) {
        if (content.startsWith(' ')) decline();
        if (content === '') {
          if (separator === '\n') value += '\n';
          else separator = '\n';
        } else {
          value += separator + content;
          separator = ' ';
        }
      }
    } else {
      value += lines.slice(first - line - 1).join('\n');
    }
    if (!strip) value += '\n';
    const scalar = new Scalar(value);
    const stop = this.ends[last]! + 1;
    scalar.range = [start, stop, stop];
    scalar.source = value;
    scalar.type = folded ? Scalar.BLOCK_FOLDED : Scalar.BLOCK_LITERAL;
    return [scalar, last + 1];
  }
}
