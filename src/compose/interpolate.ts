/**
 * Variable interpolation, copied from compose-go's `template` package (v2.13) rather than written
 * as a tidy shell-style parser: compose scans with one regular expression and then re-splits
 * each match at the first balanced `}`, and a few of its results (which `}` closes a default,
 * when text after a match is swallowed) only fall out of doing the same steps. Where a branch
 * looks odd, its comment says which compose-go step it copies.
 */
import { MergeDirective } from './merge-directive.js';
import { setOwnKey } from '../text/record.js';

export type Lookup = (name: string) => string | undefined;

export interface InterpolationError {
  kind: 'syntax' | 'required';
  /** The variable a `:?`/`?` form required. */
  variable?: string;
  message: string;
  /** UTF-16 offset in the input of the `$` that failed. */
  offset: number;
}

export type InterpolationResult = { value: string } | { error: InterpolationError };

/**
 * compose-go's DefaultPattern:
 *   \$(?i:(?P<escaped>\$)|(?P<named>[_a-z][_a-z0-9]*)|{(?:(?P<braced>[_a-z][_a-z0-9]*(?::?[-+?](.*))?)}|(?P<invalid>)))
 * Go's `(?i)` folds `k` with U+212A (Kelvin sign) and `s` with U+017F (long s), so they are
 * name characters too. Go's `.` stops at `\n` only (JavaScript's also stops at `\r`, U+2028,
 * U+2029), hence `[^\n]`. The greedy `[^\n]*` runs a braced match to the *last* `}` on the line.
 * A `$` that matches none of the branches (`$`, `$}`, `$1`, `$-`) is left as it is.
 */
const START = '[_a-zA-Z\\u017F\\u212A]';
const CHAR = '[_a-zA-Z0-9\\u017F\\u212A]';
const SOURCE = `\\$(?:(\\$)|(${START}${CHAR}*)|\\{(?:(${START}${CHAR}*(?::?[-+?][^\\n]*)?)\\}|()))`;
const PATTERN = new RegExp(SOURCE, 'g');
/** The same pattern without `g`, for re-matching one match (Go's FindStringSubmatch). */
const ONE = new RegExp(SOURCE);

/** Operators in the order compose-go lists them; the one found first in the match wins. */
const OPERATORS = [':?', '?', ':-', '-', ':+', '+'] as const;
type Operator = (typeof OPERATORS)[number];

interface Failure {
  error: InterpolationError;
}

/**
 * Interpolates `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`,
 * `${VAR?message}`, `${VAR:+replacement}`, `${VAR+replacement}` and `$$`. `lookup` returns
 * undefined for an unset variable and "" for one set to the empty string. `onMissing` hears of
 * each plain `$VAR`/`${VAR}` that is unset (compose logs "The … variable is not set").
 */
export function interpolateString(input: string, lookup: Lookup, onMissing?: (name: string) => void): InterpolationResult {
  const result = substitute(input, 0, lookup, onMissing);
  return typeof result === 'string' ? { value: result } : result;
}

/** compose-go SubstituteWithOptions: replace every match; the first error wins. */
function substitute(template: string, base: number, lookup: Lookup, onMissing?: (name: string) => void): string | Failure {
  // Every match starts with `$`; most values have none, and matchAll copies the RegExp per call.
  if (!template.includes('$')) return template;
  let out = '';
  let last = 0;
  let failure: Failure | undefined;
  // matchAll works on a copy of the regex, so recursive calls do not share lastIndex.
  for (const match of template.matchAll(PATTERN)) {
    const at = match.index;
    out += template.slice(last, at);
    last = at + match[0].length;
    const replaced = replace(match[0], base + at, lookup, onMissing);
    if (typeof replaced === 'string') {
      out += replaced;
    } else if (!failure) {
      failure = replaced;
      // compose-go stamps the template being substituted onto an invalid-template error that
      // has none yet, so a bad `${` inside a default names the default, not the whole value.
      if (replaced.error.kind === 'syntax' && replaced.error.message === '') {
        replaced.error.message = `invalid interpolation format ${JSON.stringify(template)}`;
      }
    }
  }
  if (failure) return failure;
  return out + template.slice(last);
}

/** compose-go DefaultReplacementAppliedFunc, for one match starting at `offset`. */
function replace(substring: string, offset: number, lookup: Lookup, onMissing?: (name: string) => void): string | Failure {
  // The operator is chosen from the whole (greedy) match, before it is split.
  const operator = firstOperator(substring);
  const close = firstBraceClosingIndex(substring);
  const head = close > -1 ? substring.slice(0, close + 1) : substring;
  const rest = close > -1 ? substring.slice(close + 1) : '';

  const groups = ONE.exec(head);
  if (groups?.[1]) return '$';
  const named = groups?.[2];
  const braced = groups?.[3];
  const substitution = named || braced;
  if (!substitution) return { error: { kind: 'syntax', message: '', offset } };

  if (!named && operator) {
    const applied = applyOperator(operator, substitution, offset, lookup, onMissing);
    if (applied !== undefined) {
      if (typeof applied !== 'string') return applied;
      // Only an applied operator carries on with the text after the first balanced `}`; the
      // regex can only over-reach past `}` when an operator follows the name.
      const tail = substitute(rest, offset + close + 1, lookup, onMissing);
      return typeof tail === 'string' ? applied + tail : tail;
    }
  }
  const value = lookup(substitution);
  if (value === undefined) onMissing?.(substitution);
  return value ?? '';
}

/**
 * compose-go getSubstitutionFunctionForTemplate: the operator whose first occurrence in the
 * match comes earliest. The name cannot hold operator characters, so this is the operator
 * right after the name.
 */
function firstOperator(substring: string): Operator | undefined {
  let best: Operator | undefined;
  let bestIndex = Infinity;
  for (const op of OPERATORS) {
    const index = substring.indexOf(op);
    if (index >= 0 && index < bestIndex) {
      best = op;
      bestIndex = index;
    }
  }
  return best;
}

/**
 * compose-go getFirstBraceClosingIndex, quirk included: every `{` opens a level and the
 * character after it is skipped. So in `${A:-{}} ${B}` the `}` right after `{` is never seen,
 * no level closes, the match is not split, and with A set the result is A's value alone
 * (` ${B}` is swallowed); with A unset the default `{}} ${B` is an invalid template.
 */
function firstBraceClosingIndex(s: string): number {
  let open = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '}') {
      open--;
      if (open === 0) return i;
    }
    if (s[i] === '{') {
      open++;
      i++;
    }
  }
  return -1;
}

/**
 * compose-go's six substitution functions. Returns undefined when the operator is not in the
 * substitution (compose then falls back to a plain lookup). Defaults, replacements and error
 * messages are interpolated only when used (compose-go ≥ 2.x evaluates them lazily).
 */
function applyOperator(
  op: Operator, substitution: string, offset: number, lookup: Lookup, onMissing?: (name: string) => void,
): string | Failure | undefined {
  const sep = substitution.indexOf(op);
  if (sep < 0) return undefined;
  const name = substitution.slice(0, sep);
  const word = substitution.slice(sep + op.length);
  // `${` + name + operator: where `word` starts in the input, for offsets of nested errors.
  const wordOffset = offset + 2 + sep + op.length;
  const value = lookup(name);
  const colon = op.startsWith(':');
  switch (op) {
    case ':-':
    case '-':
      if (value === undefined || (colon && value === '')) return substitute(word, wordOffset, lookup, onMissing);
      return value;
    case ':+':
    case '+':
      if (value !== undefined && (!colon || value !== '')) return substitute(word, wordOffset, lookup, onMissing);
      return value ?? '';
    case ':?':
    case '?': {
      if (value !== undefined && (!colon || value !== '')) return value;
      const reason = substitute(word, wordOffset, lookup, onMissing);
      if (typeof reason !== 'string') return reason;
      const message = reason === ''
        ? `required variable ${name} is missing a value`
        : `required variable ${name} is missing a value: ${reason}`;
      return { error: { kind: 'required', variable: name, message, offset } };
    }
  }
}

/**
 * Interpolates every string in plain data (objects, arrays, scalars), returning a new
 * structure. Mapping keys are left alone, as compose-go's interpolation only visits values.
 * A string that fails is reported to `onError` with its path and kept as written.
 */
export function interpolateValue(
  value: unknown,
  path: (string | number)[],
  lookup: Lookup,
  onError: (path: (string | number)[], error: InterpolationError) => void,
): unknown {
  return interpolateAt(value, [...path], lookup, onError);
}

/**
 * `path` is one array, extended and shortened on the way down, and copied only for an error:
 * copying it for every value of every file was most of what interpolation allocated.
 */
function interpolateAt(
  value: unknown,
  path: (string | number)[],
  lookup: Lookup,
  onError: (path: (string | number)[], error: InterpolationError) => void,
): unknown {
  if (typeof value === 'string') {
    const result = interpolateString(value, lookup);
    if ('error' in result) {
      onError([...path], result.error);
      return value;
    }
    return result.value;
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      path.push(i);
      const interpolated = interpolateAt(item, path, lookup, onError);
      path.pop();
      return interpolated;
    });
  }
  // `!override` keeps its value inside the directive; it is interpolated like any other.
  if (value instanceof MergeDirective) return new MergeDirective(value.directive, interpolateAt(value.value, path, lookup, onError));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      path.push(key);
      const interpolated = interpolateAt(value[key], path, lookup, onError);
      path.pop();
      setOwnKey(out, key, interpolated);
    }
    return out;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
