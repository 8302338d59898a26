/**
 * `.env` / `env_file` parsing, copied step by step from compose-go's dotenv parser (v2.13,
 * `dotenv/parser.go`, entry point `ParseWithLookup`, which is what compose uses for both the
 * project `.env` and a service's `env_file`). compose-go's quirks are kept on purpose, since
 * the point is to get the values `docker compose` would get; each one is commented.
 *
 * Summary of the format: an optional UTF-8 BOM; blank lines and `#` comment lines; an optional
 * `export ` prefix; `KEY=VALUE` or YAML-style `KEY: VALUE`; a bare `KEY` line takes KEY from
 * `lookup` (omitted when unset); values unquoted (cut at ` #`, trimmed), single-quoted (literal,
 * `\'` allowed), or double-quoted (escapes `\n \t \" \\ \$ \0NNN …`); quoted values may span
 * lines; unquoted and double-quoted values are interpolated with compose's template rules.
 */
import type { Diagnostic, DiagnosticCode, SourceRef } from '../diagnostics/diagnostic.js';
import { interpolateString } from './interpolate.js';

export interface DotenvResult {
  /** Variables in the order the file first defines them. */
  values: Map<string, string>;
  diagnostics: Diagnostic[];
}

/**
 * Parses env-file text. `lookup` answers for bare `KEY` lines and, *before* the file's own
 * earlier keys, for `${VAR}` references (compose-go's expandVariables asks its lookup first,
 * so with OPTION_A=5 in the shell, `OPTION_A=1` then `B=${OPTION_A}` gives B=5).
 * Like compose, parsing stops at the first error; the values read until then are returned.
 */
export function parseDotenv(text: string, file: string, lookup: (name: string) => string | undefined): DotenvResult {
  // compose-go strips one UTF-8 BOM before parsing.
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const parser = new Parser(src, file, lookup);
  try {
    parser.run();
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  return { values: parser.values, diagnostics: parser.diagnostics };
}

/** Thrown to end parsing after an error has been recorded. */
class Stop {}

/** compose-go's isSpace: white space that is not a line break (NEL counts as space). */
function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\v' || ch === '\f' || ch === '\r' || ch === '\u0085' || ch === '\u00A0';
}

/** Go's unicode.IsSpace (JavaScript's \s differs: it has U+FEFF and lacks U+0085). */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/;
function isUnicodeSpace(ch: string | undefined): boolean {
  return ch !== undefined && GO_SPACE.test(ch);
}
function trimRightUnicodeSpace(s: string): string {
  let end = s.length;
  while (end > 0 && isUnicodeSpace(s[end - 1])) end--;
  return s.slice(0, end);
}

/** compose-go isValidKeyRune: letters, digits, `_ . - [ ]`. */
const KEY_RUNE = /^[\p{L}\p{N}_.\-[\]]$/u;

/** `^export\s+` with Go's `\s` ([\t\n\f\r ]). */
const EXPORT = /export[\t\n\f\r ]+/y;

/**
 * compose-go's expandEscapes: these escapes only; `\0` plus up to three digits is an octal
 * byte (XSI echo style); anything else, `\x41` and `\u00e9` included, stays as written.
 */
const ESCAPE = /\\(?:[abcfnrtv$"\\]|0\d{0,3})/g;
const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\u0007', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\',
};
function expandEscapes(value: string): string {
  return value.replace(ESCAPE, (match) => {
    const c = match.slice(1);
    // `\$` becomes `$$`, which interpolation then turns into a literal `$`.
    if (c === '$') return '$$';
    if (c[0] === '0') {
      // compose rewrites `\0NNN` to `\NNN` and lets Go's UnquoteChar decode it, which wants
      // exactly three octal digits worth at most 255; otherwise the text is kept.
      const digits = c.slice(1);
      if (!/^[0-7]{3}$/.test(digits)) return match;
      const code = parseInt(digits, 8);
      return code > 255 ? match : String.fromCodePoint(code);
    }
    return SIMPLE_ESCAPES[c] ?? match;
  });
}

class Parser {
  readonly values = new Map<string, string>();
  readonly diagnostics: Diagnostic[] = [];
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly src: string,
    private readonly file: string,
    private readonly lookup: (name: string) => string | undefined,
  ) {
    for (let i = 0; i < src.length; i++) if (src[i] === '\n') this.lineStarts.push(i + 1);
  }

  run(): void {
    let pos = this.statementStart(0);
    while (pos >= 0) pos = this.statementStart(this.statement(pos));
  }

  /** compose-go getStatementStart: skip white space and `#` comment lines; -1 at the end. */
  private statementStart(from: number): number {
    let pos = from;
    for (;;) {
      while (pos < this.src.length && isUnicodeSpace(this.src[pos])) pos++;
      if (pos >= this.src.length) return -1;
      if (this.src[pos] !== '#') return pos;
      const nl = this.src.indexOf('\n', pos);
      if (nl < 0) return -1;
      pos = nl;
    }
  }

  /** compose-go parseStatement + locateKeyName; returns where the next statement may begin. */
  private statement(start: number): number {
    const src = this.src;
    let keyStart = start;
    EXPORT.lastIndex = start;
    if (EXPORT.test(src)) {
      // compose-go trims the word "export", then only non-newline spaces.
      keyStart = start + 'export'.length;
      while (isSpace(src[keyStart])) keyStart++;
    }
    if (keyStart >= src.length) {
      this.fail('ENV_FILE_SYNTAX', '"export" is not followed by a variable name', start);
    }

    // compose-go scanKeyEnd: spaces are skipped anywhere in the key (and caught below).
    let sep = -1;
    for (let i = keyStart; i < src.length; ) {
      const ch = String.fromCodePoint(src.codePointAt(i)!);
      if (ch === '=' || ch === ':' || ch === '\n') {
        sep = i;
        break;
      }
      if (!isSpace(ch) && !KEY_RUNE.test(ch)) {
        const line = src.slice(keyStart).split('\n')[0] ?? '';
        this.fail('ENV_FILE_SYNTAX', `unexpected character ${JSON.stringify(ch)} in variable name ${JSON.stringify(line)}`, i,
          'variable names may use letters, digits and _ . - [ ]');
      }
      i += ch.length;
    }

    // No `=`, `:` or newline before the end of the file: compose-go then reads the whole rest
    // as the *value* of an empty key, so a last line `FOO` without a final newline does not
    // inherit FOO. Copied, with a warning.
    const key = sep < 0 ? '' : trimRightUnicodeSpace(src.slice(keyStart, sep));
    // Only the ASCII space is refused (a tab inside a key passes in compose-go too).
    if (key.includes(' ')) {
      this.fail('ENV_FILE_SYNTAX', `variable name ${JSON.stringify(key)} cannot contain a space`, keyStart,
        'a line without "=" names a variable to inherit; write KEY=VALUE');
    }
    if (sep >= 0 && src[sep] === '\n') {
      const value = this.lookup(key);
      if (value !== undefined) this.set(key, value, keyStart);
      return sep + 1;
    }
    if (sep < 0) {
      const text = trimRightUnicodeSpace(src.slice(keyStart));
      this.warn(`the last line ${JSON.stringify(text)} has no "=" and no newline after it: compose reads it as a value `
        + 'without a variable name, so nothing is inherited', keyStart, 'end the file with a newline');
    }

    let valueStart = sep < 0 ? keyStart : sep + 1;
    while (isSpace(src[valueStart])) valueStart++;
    return this.value(key, keyStart, valueStart);
  }

  /** compose-go extractVarValue. */
  private value(key: string, keyStart: number, pos: number): number {
    const src = this.src;
    const quote = src[pos];
    if (quote !== '"' && quote !== "'") {
      const nl = src.indexOf('\n', pos);
      let raw = src.slice(pos, nl < 0 ? src.length : nl);
      // An inline comment needs a space before `#` (FOO=a#b keeps "a#b").
      const hash = raw.indexOf(' #');
      if (hash >= 0) raw = raw.slice(0, hash);
      raw = trimRightUnicodeSpace(raw);
      this.set(key, this.expand(key, raw, pos, true), keyStart);
      return nl < 0 ? src.length : nl + 1;
    }

    // compose-go extractQuotedValue: a backslash before the quote character drops the
    // backslash; before anything else both are kept (for expandEscapes to see).
    let chars = '';
    let escaped = false;
    for (let i = pos + 1; i < src.length; i++) {
      const ch = src[i]!;
      if (escaped) {
        escaped = false;
        if (ch !== quote) chars += '\\';
        chars += ch;
      } else if (ch === '\\') {
        escaped = true;
      } else if (ch === quote) {
        const value = quote === '"' ? this.expand(key, expandEscapes(chars), pos, false) : chars;
        this.set(key, value, keyStart);
        // Whatever follows the closing quote starts the next statement (a `# comment` is
        // skipped there; other text becomes a key, as in compose-go).
        return i + 1;
      } else {
        chars += ch;
      }
    }
    const nl = src.indexOf('\n', pos);
    const shown = src.slice(pos, nl < 0 ? src.length : nl);
    return this.fail('ENV_FILE_SYNTAX', `unterminated quoted value for ${JSON.stringify(key)}: ${shown}`, pos,
      `close the ${quote === '"' ? 'double' : 'single'} quote`);
  }

  /** compose-go expandVariables: lookup first, then the keys this file has set so far. */
  private expand(key: string, value: string, at: number, exact: boolean): string {
    const result = interpolateString(value, (name) => this.lookup(name) ?? this.values.get(name));
    if ('value' in result) return result.value;
    const { error } = result;
    // Offsets are exact in an unquoted value; in a quoted one escapes move them, so point at the quote.
    const where = exact ? at + error.offset : at;
    if (error.kind === 'required') {
      return this.fail('REQUIRED_VARIABLE', `variable ${JSON.stringify(key)}: ${error.message}`, where,
        `set ${error.variable ?? 'it'} in the environment`);
    }
    return this.fail('INTERPOLATION_SYNTAX', `variable ${JSON.stringify(key)}: ${error.message}`, where,
      'write "$$" for a literal "$"');
  }

  private set(key: string, value: string, at: number): void {
    if (key === '' && this.src[at] === '=') this.warn('a line starts with "=" and has no variable name', at);
    this.values.set(key, value);
  }

  private ref(offset: number): SourceRef {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, col: offset - this.lineStarts[lo]! + 1 };
  }

  private warn(message: string, offset: number, hint?: string): void {
    this.diagnostics.push(withHint({ code: 'ENV_FILE_SYNTAX', severity: 'warning', message, at: this.ref(offset) }, hint));
  }

  private fail(code: DiagnosticCode, message: string, offset: number, hint?: string): never {
    this.diagnostics.push(withHint({ code, severity: 'error', message, at: this.ref(offset) }, hint));
    throw new Stop();
  }
}

function withHint(d: Diagnostic, hint: string | undefined): Diagnostic {
  if (hint) d.hint = hint;
  return d;
}
