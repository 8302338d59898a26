import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { interpolateString, interpolateValue, type InterpolationError } from './interpolate.js';

const CORPUS = new URL('../../../shared/corpus/', import.meta.url);

/** compose-go template_test.go's mapping: FOO is set, BAR is set to "", anything else is unset. */
const DEFAULTS: Record<string, string> = { FOO: 'first', BAR: '' };
const env = (vars: Record<string, string>) => (name: string): string | undefined =>
  Object.hasOwn(vars, name) ? vars[name] : undefined;

interface Case {
  name: string;
  input: string;
  /** Variables; DEFAULTS when absent. */
  vars?: Record<string, string>;
  want?: string;
  error?: Partial<InterpolationError>;
}

// Cases marked (compose-go X) are taken from compose-go template/template_test.go test X.
const cases: Case[] = [
  // plain references
  { name: 'no reference (compose-go TestSubstituteNoMatch)', input: 'foo', want: 'foo' },
  { name: '$VAR (compose-go TestValueNoDefault)', input: 'This $FOO var', want: 'This first var' },
  { name: '${VAR} (compose-go TestValueNoDefault)', input: 'This ${FOO} var', want: 'This first var' },
  { name: 'unset ${VAR} is empty (compose-go TestNoValueNoDefault)', input: 'This ${missing} var', want: 'This  var' },
  { name: 'empty ${VAR} is empty (compose-go TestNoValueNoDefault)', input: 'This ${BAR} var', want: 'This  var' },
  { name: '$VAR stops at "-" (compose-go TestNonBraced)', input: '$FOO-bar', want: 'first-bar' },
  { name: '$VAR stops at "."', input: '$FOO.bar', want: 'first.bar' },
  { name: '$VAR takes every name character', input: '$FOOBAR', want: '' },
  { name: 'names are any case, with digits and _', input: '$lower_9 ${_x}', vars: { lower_9: 'a', _x: 'b' }, want: 'a b' },
  { name: 'Go (?i) folds k with the Kelvin sign', input: '$\u212A', vars: { '\u212A': 'kelvin' }, want: 'kelvin' },
  { name: 'several references', input: '${FOO}/$FOO:${BAR}', want: 'first/first:' },
  { name: 'a "}" after a reference is text', input: '${FOO}}', want: 'first}' },
  { name: 'a reference on each line', input: '${FOO}\n${BAR:-y}', want: 'first\ny' },

  // $$ and a $ that starts nothing
  { name: '$$ before braces (compose-go TestEscaped)', input: '$${foo}', want: '${foo}' },
  { name: '$$ before a name', input: '$$FOO', want: '$FOO' },
  { name: '$$$ then a name', input: '$$$FOO', want: '$first' },
  { name: '$$$$', input: '$$$$', want: '$$' },
  { name: 'lone $ (compose-go TestUnescaped)', input: 'a $ string', want: 'a $ string' },
  { name: 'trailing $ (compose-go TestUnescaped)', input: '^REGEX$', want: '^REGEX$' },
  { name: '$} (compose-go TestUnescaped)', input: '$}', want: '$}' },
  { name: '$ alone (compose-go TestUnescaped)', input: '$', want: '$' },
  { name: '$ then a digit stays', input: 'cost $1A', want: 'cost $1A' },
  { name: '$ then punctuation stays', input: '$-x $. $:', want: '$-x $. $:' },

  // :- and -
  { name: ':- unset (compose-go TestNoValueWithDefault)', input: 'ok ${missing:-def}', want: 'ok def' },
  { name: '- unset (compose-go TestNoValueWithDefault)', input: 'ok ${missing-def}', want: 'ok def' },
  { name: ':- empty (compose-go TestEmptyValueWithSoftDefault)', input: 'ok ${BAR:-def}', want: 'ok def' },
  { name: ':- set (compose-go TestValueWithSoftDefault)', input: 'ok ${FOO:-def}', want: 'ok first' },
  { name: '- empty keeps "" (compose-go TestEmptyValueWithHardDefault)', input: 'ok ${BAR-def}', want: 'ok ' },
  { name: '- set', input: '${FOO-def}', want: 'first' },
  { name: 'empty default', input: '[${missing-}][${missing:-}]', want: '[][]' },
  { name: 'operators inside a default are text (compose-go TestNonAlphanumericDefault)', input: 'ok ${BAR:-/non:-alphanumeric}', want: 'ok /non:-alphanumeric' },
  { name: 'default with spaces and "}" after it', input: '${missing:-a b}c}', want: 'a bc}' },
  { name: 'default runs to the first balanced "}"', input: '${FOO:-a}b}', want: 'firstb}' },
  { name: 'kompose compose-env-no-interpolation image, unset', input: '${DOCKER_REGISTRY-}foo:${IMAGE_TAG:-latest}', vars: {}, want: 'foo:latest' },
  { name: 'kompose compose-env-no-interpolation image, set', input: '${DOCKER_REGISTRY-}foo:${IMAGE_TAG:-latest}', vars: { DOCKER_REGISTRY: 'reg/', IMAGE_TAG: '1.2' }, want: 'reg/foo:1.2' },

  // :+ and +
  { name: ':+ unset (compose-go TestPresentValueWithUnset)', input: 'ok ${UNSET_VAR:+presence_value}', want: 'ok ' },
  { name: '+ unset (compose-go TestPresentValueWithUnset2)', input: 'ok ${UNSET_VAR+presence_value}', want: 'ok ' },
  { name: ':+ set (compose-go TestPresentValueWithNonEmpty)', input: 'ok ${FOO:+presence_value}', want: 'ok presence_value' },
  { name: '+ set (compose-go TestPresentValueAndNonEmptyWithNonEmpty)', input: 'ok ${FOO+presence_value}', want: 'ok presence_value' },
  { name: '+ empty (compose-go TestPresentValueWithSet)', input: 'ok ${BAR+presence_value}', want: 'ok presence_value' },
  { name: ':+ empty (compose-go TestPresentValueAndNotEmptyWithSet)', input: 'ok ${BAR:+presence_value}', want: 'ok ' },

  // :? and ?
  { name: ':? set (compose-go TestDefaultsForMandatoryVariables)', input: 'ok ${FOO:?err}', want: 'ok first' },
  { name: '? set (compose-go TestDefaultsForMandatoryVariables)', input: 'ok ${FOO?err}', want: 'ok first' },
  { name: '? empty is fine (compose-go TestDefaultsForMandatoryVariables)', input: 'ok ${BAR?err}', want: 'ok ' },
  {
    name: ':? unset (compose-go TestMandatoryVariableErrors)', input: 'not ok ${UNSET_VAR:?Mandatory Variable Unset}',
    error: { kind: 'required', variable: 'UNSET_VAR', offset: 7, message: 'required variable UNSET_VAR is missing a value: Mandatory Variable Unset' },
  },
  {
    name: ':? empty (compose-go TestMandatoryVariableErrors)', input: 'not ok ${BAR:?Mandatory Variable Empty}',
    error: { kind: 'required', variable: 'BAR', offset: 7, message: 'required variable BAR is missing a value: Mandatory Variable Empty' },
  },
  {
    name: ':? without a message (compose-go TestMandatoryVariableErrors)', input: 'not ok ${UNSET_VAR:?}',
    error: { kind: 'required', variable: 'UNSET_VAR', offset: 7, message: 'required variable UNSET_VAR is missing a value' },
  },
  {
    name: '? unset (compose-go TestMandatoryVariableErrors)', input: 'not ok ${UNSET_VAR?Mandatory Variable Unset}',
    error: { kind: 'required', variable: 'UNSET_VAR', offset: 7, message: 'required variable UNSET_VAR is missing a value: Mandatory Variable Unset' },
  },
  {
    name: '? without a message (compose-go TestMandatoryVariableErrors)', input: 'not ok ${UNSET_VAR?}',
    error: { kind: 'required', variable: 'UNSET_VAR', offset: 7, message: 'required variable UNSET_VAR is missing a value' },
  },
  {
    name: ':? message is interpolated (compose-go TestMandatoryVariableErrorsWithNestedExpansion)', input: 'not ok ${UNSET_VAR:?Mandatory Variable ${FOO}}',
    error: { kind: 'required', variable: 'UNSET_VAR', message: 'required variable UNSET_VAR is missing a value: Mandatory Variable first' },
  },
  {
    name: '? message is interpolated (compose-go TestMandatoryVariableErrorsWithNestedExpansion)', input: 'not ok ${UNSET_VAR?Mandatory Variable ${FOO}}',
    error: { kind: 'required', variable: 'UNSET_VAR', message: 'required variable UNSET_VAR is missing a value: Mandatory Variable first' },
  },
  { name: 'the first error wins', input: '${A:?one} ${B:?two}', vars: {}, error: { variable: 'A', offset: 0 } },

  // precedence: the operator right after the name decides (compose-go TestPrecedence)
  {
    name: '? before - (compose-go TestPrecedence)', input: '${UNSET_VAR?bar-baz}',
    error: { kind: 'required', message: 'required variable UNSET_VAR is missing a value: bar-baz' },
  },
  { name: '- before ? (compose-go TestPrecedence)', input: '${UNSET_VAR-myerror?msg}', want: 'myerror?msg' },
  { name: '? with a set variable (compose-go TestPrecedence)', input: '${FOO?bar-baz}', want: 'first' },
  { name: ':- on empty (compose-go TestPrecedence)', input: '${BAR:-default_value_for_empty_var}', want: 'default_value_for_empty_var' },
  { name: '- on unset (compose-go TestPrecedence)', input: '${UNSET_VAR-default_value_for_unset_var}', want: 'default_value_for_unset_var' },
  // operator text outside the braces does not matter (compose-go TestInterpolationExternalInterference)
  { name: 'leading "-" text', input: '-ok ${BAR:-defaultValue}', want: '-ok defaultValue' },
  { name: 'leading "+" text, nested', input: '+ok ${UNSET:-${BAR-defaultValue}}', want: '+ok ' },
  { name: 'leading ":-" text', input: ':-ok ${UNSET-defaultValue}', want: ':-ok defaultValue' },
  { name: 'leading ":?" text', input: ':?ok ${BAR-defaultValue}', want: ':?ok ' },
  { name: 'leading ":+" text', input: ':+ok ${BAR:-defaultValue}', want: ':+ok defaultValue' },
  { name: 'leading "?" text', input: '?ok ${BAR:-defaultValue}', want: '?ok defaultValue' },

  // nesting (compose-go TestDefaultsWithNestedExpansion)
  { name: 'nested $VAR in -', input: 'ok ${UNSET_VAR-$FOO}', want: 'ok first' },
  { name: 'nested ${VAR} in -', input: 'ok ${UNSET_VAR-${FOO}}', want: 'ok first' },
  { name: 'two nested in -', input: 'ok ${UNSET_VAR-${FOO} ${FOO}}', want: 'ok first first' },
  { name: 'nested $VAR in :-', input: 'ok ${BAR:-$FOO}', want: 'ok first' },
  { name: 'nested ${VAR} in :-', input: 'ok ${BAR:-${FOO}}', want: 'ok first' },
  { name: 'two nested in :-', input: 'ok ${BAR:-${FOO} ${FOO}}', want: 'ok first first' },
  { name: 'nested in +', input: 'ok ${BAR+$FOO}', want: 'ok first' },
  { name: 'nested + inside +', input: 'ok ${BAR+$FOO ${FOO:+second}}', want: 'ok first second' },
  { name: 'default of a default, inner used', input: '${A:-${B:-x}}', vars: {}, want: 'x' },
  { name: 'default of a default, B used', input: '${A:-${B:-x}}', vars: { B: 'b' }, want: 'b' },
  { name: 'default of a default, A used', input: '${A:-${B:-x}}', vars: { A: 'a', B: 'b' }, want: 'a' },
  { name: 'three levels', input: '<${A:-${B:-${C:-deep}}}>', vars: {}, want: '<deep>' },
  { name: '$$ inside a default', input: '${missing:-$$HOME}', want: '$HOME' },
  { name: 'defaults are evaluated only when used', input: '${FOO:-${UNSET:?boom}}', want: 'first' },
  { name: 'replacements are evaluated only when used', input: '${UNSET:+${OTHER:?boom}}', want: '' },
  {
    name: 'a required error inside a used default', input: '${UNSET:-${OTHER:?boom}}',
    error: { kind: 'required', variable: 'OTHER', offset: 9, message: 'required variable OTHER is missing a value: boom' },
  },

  // syntax errors (compose-go TestInvalid, minus "$}", which is now literal)
  { name: 'unclosed ${ (compose-go TestInvalid)', input: '${', error: { kind: 'syntax', offset: 0, message: 'invalid interpolation format "${"' } },
  { name: '${} (compose-go TestInvalid)', input: '${}', error: { kind: 'syntax', offset: 0 } },
  { name: '${ } (compose-go TestInvalid)', input: '${ }', error: { kind: 'syntax', offset: 0 } },
  { name: '${ foo} (compose-go TestInvalid)', input: '${ foo}', error: { kind: 'syntax', offset: 0 } },
  { name: '${foo } (compose-go TestInvalid)', input: '${foo }', error: { kind: 'syntax', offset: 0 } },
  { name: '${foo!} (compose-go TestInvalid)', input: '${foo!}', error: { kind: 'syntax', offset: 0 } },
  { name: 'name starting with a digit', input: 'x ${1A}', error: { kind: 'syntax', offset: 2, message: 'invalid interpolation format "x ${1A}"' } },
  { name: 'unclosed after text', input: 'abc ${FOO', error: { kind: 'syntax', offset: 4 } },
  { name: '":" alone is no operator', input: '${FOO:x}', error: { kind: 'syntax', offset: 0 } },
  { name: '"=" is no operator', input: '${FOO=x}', error: { kind: 'syntax', offset: 0 } },
  { name: 'a default cannot span lines', input: '${A:-x\ny}', error: { kind: 'syntax', offset: 0 } },
  { name: 'first syntax error wins', input: 'ab ${foo!} ${', error: { kind: 'syntax', offset: 3 } },
  {
    name: 'a bad template inside a used default names the default', input: 'a ${UNSET:-b ${}}',
    error: { kind: 'syntax', offset: 13, message: 'invalid interpolation format "b ${}"' },
  },
  { name: 'a bad template inside an unused default is not seen', input: 'a ${FOO:-b ${}}', want: 'a first' },

  // compose-go quirks copied on purpose (see getFirstBraceClosingIndex)
  { name: 'a "{" in a default opens a level, unset', input: '${A:-{}}', vars: {}, want: '{}' },
  { name: 'a "{" in a default opens a level, set', input: '${A:-{}}', vars: { A: 'v' }, want: 'v' },
  { name: 'quirk: the character after "{" is skipped, so "{}" leaves a level open, set', input: '${A:-{}} ${B}', vars: { A: 'v', B: 'b' }, want: 'v' },
  { name: 'quirk: the character after "{" is skipped, unset', input: '${A:-{}} ${B}', vars: { B: 'b' }, error: { kind: 'syntax', offset: 9, message: 'invalid interpolation format "{}} ${B"' } },
  { name: 'quirk: an unbalanced "{" swallows the next reference, set', input: '${A:-{x} ${B}', vars: { A: 'v', B: 'b' }, want: 'v' },
  { name: 'quirk: an unbalanced "{" makes the default invalid, unset', input: '${A:-{x} ${B}', vars: {}, error: { kind: 'syntax', offset: 9, message: 'invalid interpolation format "{x} ${B"' } },
];

describe('interpolateString', () => {
  it.each(cases)('$name', ({ input, vars, want, error }) => {
    const result = interpolateString(input, env(vars ?? DEFAULTS));
    if (error) {
      expect(result).toHaveProperty('error');
      if ('error' in result) expect(result.error).toMatchObject(error);
    } else {
      expect(result).toEqual({ value: want });
    }
  });

  it('tells onMissing about unset plain references, not about ones with an operator', () => {
    const missing: string[] = [];
    const result = interpolateString('$A ${B} ${C:-d} ${BAR} ${E:-$F}', env(DEFAULTS), (name) => missing.push(name));
    expect(result).toEqual({ value: '  d  ' });
    expect(missing).toEqual(['A', 'B', 'F']);
  });

  it('asks lookup the variable names as written', () => {
    const asked: string[] = [];
    interpolateString('$a ${B_c:-x} ${D?y}', (name) => { asked.push(name); return 'v'; });
    expect(asked).toEqual(['a', 'B_c', 'D']);
  });
});

describe('interpolateValue', () => {
  const lookup = env({ FOO: 'first', TAG: '1.0', EMPTY: '' });

  it('interpolates strings at any depth and leaves other scalars and keys alone', () => {
    const input = {
      name: 'p-${FOO}',
      services: {
        '${FOO}': { image: 'app:${TAG}', replicas: 3, tty: true, command: null, ports: ['${PORT:-80}:80', 8080] },
      },
      list: [['$FOO'], { deep: '${EMPTY:-d}' }],
    };
    const copy = structuredClone(input);
    const errors: unknown[] = [];
    const out = interpolateValue(input, [], lookup, (path, error) => errors.push({ path, error }));
    expect(out).toEqual({
      name: 'p-first',
      services: { '${FOO}': { image: 'app:1.0', replicas: 3, tty: true, command: null, ports: ['80:80', 8080] } },
      list: [['first'], { deep: 'd' }],
    });
    expect(errors).toEqual([]);
    expect(input).toEqual(copy);
    expect(out).not.toBe(input);
  });

  it('reports each failing string with its path and keeps it as written', () => {
    const errors: { path: (string | number)[]; error: InterpolationError }[] = [];
    const out = interpolateValue(
      { services: { web: { image: '${IMAGE:?set IMAGE}', labels: ['ok', 'bad ${'] } } },
      ['root'], lookup, (path, error) => errors.push({ path, error }),
    );
    expect(out).toEqual({ services: { web: { image: '${IMAGE:?set IMAGE}', labels: ['ok', 'bad ${'] } } });
    expect(errors).toEqual([
      {
        path: ['root', 'services', 'web', 'image'],
        error: { kind: 'required', variable: 'IMAGE', offset: 0, message: 'required variable IMAGE is missing a value: set IMAGE' },
      },
      { path: ['root', 'services', 'web', 'labels', 1], error: { kind: 'syntax', offset: 4, message: 'invalid interpolation format "bad ${"' } },
    ]);
  });

  it('keeps a "__proto__" key as an ordinary key', () => {
    const input = JSON.parse('{"__proto__": "${FOO}", "a": 1}') as Record<string, unknown>;
    const out = interpolateValue(input, [], lookup, () => {}) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe('first');
  });

  it('interpolates every field of compose-go schema/using-variables.yaml', () => {
    const data = parse(readFileSync(new URL('compose-go/schema/using-variables.yaml', CORPUS), 'utf8')) as unknown;
    const leaves = (v: unknown): unknown[] =>
      Array.isArray(v) ? v.flatMap(leaves) : v && typeof v === 'object' ? Object.values(v).flatMap(leaves) : [v];
    const keys = (v: unknown): string[] =>
      Array.isArray(v) ? v.flatMap(keys) : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [k, ...keys(x)]) : [];

    const set = interpolateValue(data, [], env({ VARIABLE: 'x' }), () => { throw new Error('unexpected'); });
    expect(keys(set)).toEqual(keys(data));
    expect(new Set(leaves(set))).toEqual(new Set(['x', 'x:x', 'tmpfs']));

    const unset = interpolateValue(data, [], env({}), () => { throw new Error('unexpected'); });
    expect(new Set(leaves(unset))).toEqual(new Set(['', ':', 'tmpfs']));
  });

  it('finds no interpolation error in any valid compose file of the corpus', () => {
    const manifest = JSON.parse(readFileSync(new URL('MANIFEST.json', CORPUS), 'utf8')) as {
      files: { path: string; kind: string; expect: string }[];
    };
    const files = manifest.files.filter((f) => f.kind === 'compose' && f.expect === 'valid');
    expect(files.length).toBeGreaterThan(100);
    const problems: string[] = [];
    for (const file of files) {
      const data = parse(readFileSync(new URL(file.path, CORPUS), 'utf8'), { merge: true, logLevel: 'silent' }) as unknown;
      interpolateValue(data, [], env({}), (path, error) => problems.push(`${file.path} ${path.join('.')}: ${error.message}`));
    }
    expect(problems).toEqual([]);
  });
});
