import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDotenv } from './dotenv.js';

const FIXTURES = new URL('../../../shared/corpus/compose-go/dotenv/fixtures/', import.meta.url);
const INVALID = new URL('../../../shared/corpus/invalid/compose-go/dotenv/fixtures/', import.meta.url);

const none = (): string | undefined => undefined;
const env = (vars: Record<string, string>) => (name: string): string | undefined =>
  Object.hasOwn(vars, name) ? vars[name] : undefined;

function parseFixture(dir: URL, name: string, lookup: (name: string) => string | undefined = none) {
  return parseDotenv(readFileSync(new URL(name, dir), 'utf8'), name, lookup);
}

/** Parse a snippet that must not produce errors, and return its values as a plain object. */
function values(text: string, lookup: (name: string) => string | undefined = none): Record<string, string> {
  const result = parseDotenv(text, '.env', lookup);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return Object.fromEntries(result.values);
}

describe('parseDotenv: compose-go fixtures', () => {
  // `expected` is copied from compose-go dotenv/godotenv_test.go (the test named in `from`).
  // compose-go's Read()/Load() used by some of those tests also drop keys that start with a
  // digit (startsWithDigitRegex); compose itself parses with ParseWithLookup, which keeps them,
  // and so do we: such keys, and keys those tests do not assert, are listed under `extra`.
  // Every table is compared whole and in file order.
  const cases: {
    fixture: string;
    from: string;
    lookup?: Record<string, string>;
    expected: Record<string, string>;
    extra?: Record<string, string>;
  }[] = [
    {
      fixture: 'plain.env',
      from: 'TestReadPlainEnv',
      expected: {
        OPTION_A: '1', OPTION_B: '2', OPTION_C: '3', OPTION_D: '4', OPTION_E: '5',
        OPTION_F: '', OPTION_G: '', OPTION_H: 'my string',
      },
      extra: { '456': 'ABC' },
    },
    {
      fixture: 'utf8-bom.env',
      from: 'TestUTF8BOM',
      expected: { OPTION_A: '1', OPTION_B: '2', OPTION_C: '3', OPTION_D: '4', OPTION_E: '5' },
      extra: { '456': 'ABC', OPTION_F: '', OPTION_G: '', OPTION_H: 'my string' },
    },
    {
      fixture: 'exported.env',
      from: 'TestLoadExportedEnv',
      expected: { OPTION_A: '2', OPTION_B: '\\n' },
    },
    {
      fixture: 'equals.env',
      from: 'TestLoadEqualsEnv',
      expected: { OPTION_A: 'postgres://localhost:5432/database?sslmode=disable' },
    },
    {
      fixture: 'quoted.env',
      from: 'TestLoadQuotedEnv',
      expected: {
        OPTION_A: '1', OPTION_B: '2', OPTION_C: '', OPTION_D: '\\n',
        OPTION_E: '1', OPTION_F: '2', OPTION_G: '', OPTION_H: '\n',
        OPTION_I: "echo 'asd'",
        OPTION_J: 'first line\nsecond line\nthird line\nand so on',
        OPTION_Z: 'last value',
      },
      // `\'` inside single quotes loses its backslash (compose-go extractQuotedValue).
      extra: { OPTION_K: "Let's go!" },
    },
    {
      fixture: 'unquoted.env',
      from: 'TestLoadUnquotedEnv',
      expected: {
        OPTION_A: 'some quoted phrase',
        OPTION_B: 'first one with an unquoted phrase',
        OPTION_C: 'then another one with an unquoted phrase',
        OPTION_D: 'then another one with an unquoted phrase special è char',
        OPTION_E: 'then another one quoted phrase',
      },
    },
    {
      fixture: 'substitutions.env',
      from: 'TestSubstitutions',
      expected: { OPTION_A: '1', OPTION_B: '1', OPTION_C: '1', OPTION_D: '1_1', OPTION_E: '' },
    },
    {
      // The lookup wins over the file's own earlier keys inside ${…}, not for the key itself.
      fixture: 'substitutions.env',
      from: 'TestSubstitutionsWithEnvFilePrecedence',
      lookup: { OPTION_A: '5' },
      expected: { OPTION_A: '1', OPTION_B: '5', OPTION_C: '5', OPTION_D: '5_5', OPTION_E: '' },
    },
    {
      fixture: 'substitutions-default.env',
      from: 'TestSubstitutionsWithEnvFileDefaultValuePrecedence',
      lookup: { OPTION_A: '5' },
      expected: { OPTION_A: '5', OPTION_B: '5', OPTION_C: '5', OPTION_D: '5_5', OPTION_E: '' },
    },
    {
      fixture: 'substitutions-default.env',
      from: 'TestSubstitutionsWithUnsetVarEnvFileDefaultValuePrecedence',
      expected: { OPTION_A: '1', OPTION_B: '1', OPTION_C: '1', OPTION_D: '1_1', OPTION_E: '' },
    },
    {
      fixture: 'inherited-multi-var.env',
      from: 'TestInheritedEnvVariableSameSize',
      lookup: { VAR_TO_BE_LOADED_FROM_OS_ENV: 'SOME_RANDOM_VALUE' },
      expected: { foo: 'bar', VAR_TO_BE_LOADED_FROM_OS_ENV: 'SOME_RANDOM_VALUE', bar: 'baz' },
    },
    {
      fixture: 'inherited-single-var.env',
      from: 'TestInheritedEnvVariableSingleVar',
      lookup: { VAR_TO_BE_LOADED_FROM_OS_ENV: 'SOME_RANDOM_VALUE' },
      expected: { VAR_TO_BE_LOADED_FROM_OS_ENV: 'SOME_RANDOM_VALUE' },
    },
    {
      fixture: 'inherited-not-found.env',
      from: 'TestInheritedEnvVariableNotFound',
      expected: {},
    },
    {
      fixture: 'special.env',
      from: 'TestDash',
      expected: { 'VAR.WITH.DOTS': 'dots', VAR_WITH_UNDERSCORES: 'underscores', 'VAR-WITH-DASHES': 'dashes' },
    },
  ];

  it.each(cases)('$fixture ($from)', ({ fixture, lookup, expected, extra }) => {
    const result = parseFixture(FIXTURES, fixture, lookup ? env(lookup) : none);
    expect(result.diagnostics).toEqual([]);
    const got = Object.fromEntries(result.values);
    expect(got).toEqual({ ...expected, ...extra });
    // File order: the Map's keys appear in the order the fixture first defines them.
    const lines = readFileSync(new URL(fixture, FIXTURES), 'utf8').split('\n');
    const keyOf = (line: string) => line.replace(/^\uFEFF?\s*(export\s+)?/, '').split(/[\s=:]/)[0];
    const positions = [...result.values.keys()].map((k) => lines.findIndex((line) => keyOf(line) === k));
    expect(positions).not.toContain(-1);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('every fixture in the folder has a table', () => {
    const listed = new Set(cases.map((c) => c.fixture));
    expect([...listed].sort()).toEqual(readdirSync(FIXTURES).sort());
  });

  it('asks the lookup about an inherited key it cannot find (TestInheritedEnvVariableNotFoundWithLookup)', () => {
    const asked: string[] = [];
    const result = parseFixture(FIXTURES, 'inherited-not-found.env', (name) => {
      asked.push(name);
      return undefined;
    });
    expect(result.values.has('VARIABLE_NOT_FOUND')).toBe(false);
    expect(asked).toEqual(['VARIABLE_NOT_FOUND']);
  });
});

describe('parseDotenv: compose-go invalid fixtures', () => {
  it('invalid1.env: "INVALID LINE" is an inherited key with a space → error on line 7 (TestErrorParsing)', () => {
    // compose-go: "line 7: key cannot contain a space".
    const result = parseFixture(INVALID, 'invalid1.env');
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      code: 'ENV_FILE_SYNTAX',
      severity: 'error',
      at: { file: 'invalid1.env', line: 7, col: 1 },
    });
    expect(result.diagnostics[0]!.message).toContain('"INVALID LINE"');
    // Parsing stops at the error, like compose; what came before is kept.
    expect(Object.fromEntries(result.values)).toEqual({ foo: '\n  a\n  multine\n  value\n' });
  });

  it('custom.format: compose-go accepts YAML-style KEY:VALUE, so this parses', () => {
    // compose-go's parser treats `:` like `=` ("library also supports yaml-style value
    // declaration"; TestParsing "parses yaml style options"), so this is not an error.
    const result = parseFixture(INVALID, 'custom.format');
    expect(result.diagnostics).toEqual([]);
    expect(Object.fromEntries(result.values)).toEqual({ FOO: 'BAR', ZOT: 'QIX' });
  });
});

describe('parseDotenv: compose-go TestParsing', () => {
  // [line, key, value] copied from compose-go dotenv/godotenv_test.go TestParsing (parseAndCompare).
  const cases: [string, string, string][] = [
    ['FOO=bar', 'FOO', 'bar'],
    ['FOO =bar', 'FOO', 'bar'],
    ['FOO= bar', 'FOO', 'bar'],
    ['FOO="bar"', 'FOO', 'bar'],
    ["FOO='bar'", 'FOO', 'bar'],
    ['FOO="escaped\\"bar"', 'FOO', 'escaped"bar'],
    ['FOO="\\"quoted\\""', 'FOO', '"quoted"'],
    [`FOO="'d'"`, 'FOO', "'d'"],
    ['OPTION_A: 1', 'OPTION_A', '1'],
    ['OPTION_A: Foo=bar', 'OPTION_A', 'Foo=bar'],
    ['OPTION_A=1:B', 'OPTION_A', '1:B'],
    ['export OPTION_A=2', 'OPTION_A', '2'],
    ["export OPTION_B='\\n'", 'OPTION_B', '\\n'],
    ['export exportFoo=2', 'exportFoo', '2'],
    ['exportFOO=2', 'exportFOO', '2'],
    ['export_FOO =2', 'export_FOO', '2'],
    ['export.FOO= 2', 'export.FOO', '2'],
    ['export\tOPTION_A=2', 'OPTION_A', '2'],
    ['  export OPTION_A=2', 'OPTION_A', '2'],
    ['\texport OPTION_A=2', 'OPTION_A', '2'],
    ['export OPTION_A="export A"', 'OPTION_A', 'export A'],
    ['FOO="bar\\nbaz"', 'FOO', 'bar\nbaz'],
    ['FOO=a\\tb', 'FOO', 'a\\tb'],
    ['FOO="a\\tb"', 'FOO', 'a\tb'],
    ['KEY="Z\\aZ\\bZ\\fZ\\nZ\\rZ\\tZ\\vZ\\\\Z\\0123Z"', 'KEY', 'Z\x07Z\bZ\fZ\nZ\rZ\tZ\vZ\\ZSZ'],
    ['FOO.BAR=foobar', 'FOO.BAR', 'foobar'],
    ['FOO=foobar=', 'FOO', 'foobar='],
    ['FOO=bar ', 'FOO', 'bar'],
    ['FOO=bar # this is foo', 'FOO', 'bar'],
    ['FOO=bar #this is foo', 'FOO', 'bar'],
    ['FOO=bar #', 'FOO', 'bar'],
    ['FOO=123#not-an-inline-comment', 'FOO', '123#not-an-inline-comment'],
    ['FOO="bar#baz"', 'FOO', 'bar#baz'],
    ['FOO="bar#baz"#', 'FOO', 'bar#baz'],
    ['FOO="bar#baz" # comment', 'FOO', 'bar#baz'],
    ["FOO='bar#baz' # comment", 'FOO', 'bar#baz'],
    ['FOO="bar#baz#bang" # comment', 'FOO', 'bar#baz#bang'],
    ['FOO="ba#r"', 'FOO', 'ba#r'],
    ["FOO='ba#r'", 'FOO', 'ba#r'],
    ['FOO="bar\\n\\ b\\az"', 'FOO', 'bar\n\\ b\x07z'],
    ['FOO="bar\\\\\\n\\ b\\az"', 'FOO', 'bar\\\n\\ b\x07z'],
    ['FOO="bar\\\\r\\ b\\az"', 'FOO', 'bar\\r\\ b\x07z'],
    ['FOO="bar\\nbaz\\\\"', 'FOO', 'bar\nbaz\\'],
    ['="value"', '', 'value'],
    [' KEY =value', 'KEY', 'value'],
    ['   KEY=value', 'KEY', 'value'],
    ['\tKEY=value', 'KEY', 'value'],
    ['KEY="\\0123"', 'KEY', 'S'],
    ['KEY="\\x07"', 'KEY', '\\x07'],
    ['KEY="\\u12e4"', 'KEY', '\\u12e4'],
    ['KEY="\\U00101234"', 'KEY', '\\U00101234'],
  ];

  it.each(cases)('%j → %s', (line, key, value) => {
    const result = parseDotenv(line, '.env', none);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.values.get(key)).toBe(value);
  });

  it('"lol$wut" is an error (TestParsing badlyFormattedLine)', () => {
    const result = parseDotenv('lol$wut', '.env', none);
    expect(result.diagnostics).toEqual([{
      code: 'ENV_FILE_SYNTAX',
      severity: 'error',
      message: 'unexpected character "$" in variable name "lol$wut"',
      at: { file: '.env', line: 1, col: 4 },
      hint: expect.any(String),
    }]);
  });

  it('names the whole line in an unexpected-character error (TestParseVariable)', () => {
    const result = parseDotenv('%!(EXTRA string)=foo', '.env', none);
    expect(result.diagnostics[0]).toMatchObject({
      code: 'ENV_FILE_SYNTAX',
      message: 'unexpected character "%" in variable name "%!(EXTRA string)=foo"',
      at: { line: 1, col: 1 },
    });
  });

  it('accepts brackets, dots and non-ASCII letters in keys (TestParseBytes)', () => {
    const text = '\na=b\na[1]=c\na.propertyKey=d\nárvíztűrő-TÜKÖRFÚRÓGÉP=ÁRVÍZTŰRŐ-tükörfúrógép\n';
    expect(values(text)).toEqual({
      a: 'b', 'a[1]': 'c', 'a.propertyKey': 'd', 'árvíztűrő-TÜKÖRFÚRÓGÉP': 'ÁRVÍZTŰRŐ-tükörfúrógép',
    });
  });

  it('parses the TestParse snippet', () => {
    expect(values('ONE=1\nTWO=\'2\'\nTHREE = "3"')).toEqual({ ONE: '1', TWO: '2', THREE: '3' });
  });

  it('keeps a newline inside a double-quoted value (TestVariableStringValueSeparator)', () => {
    const text = 'TEST_URLS="stratum+tcp://stratum.antpool.com:3333\nstratum+tcp://stratum.antpool.com:443"';
    expect(values(text)).toEqual({
      TEST_URLS: 'stratum+tcp://stratum.antpool.com:3333\nstratum+tcp://stratum.antpool.com:443',
    });
  });

  it.each(['\n', '\r\n', '\t\t ', '# Comment', '\t # comment'])('ignores %j (TestLinesToIgnore)', (text) => {
    expect(parseDotenv(text, '.env', none)).toEqual({ values: new Map(), diagnostics: [] });
  });

  it.each([
    // compose-go TestUnterminatedQuotes; col is where the opening quote is.
    'KEY="', 'KEY="value', 'KEY="value\\"', "KEY=\"value'", "KEY='", "KEY='value", "KEY='value\\'", 'KEY=\'value"',
  ])('%j is an unterminated quoted value (TestUnterminatedQuotes)', (text) => {
    const result = parseDotenv(text, '.env', none);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ code: 'ENV_FILE_SYNTAX', severity: 'error', at: { line: 1, col: 5 } });
    expect(result.diagnostics[0]!.message).toMatch(/^unterminated quoted value for "KEY"/);
  });
});

describe('parseDotenv: expansion (compose-go TestExpanding, godotenv_var_expansion_test.go)', () => {
  const cases: { name: string; text: string; lookup?: Record<string, string>; expected: Record<string, string> }[] = [
    { name: 'expands variables found in values', text: 'FOO=test\nBAR=$FOO', expected: { FOO: 'test', BAR: 'test' } },
    { name: 'parses variables wrapped in brackets', text: 'FOO=test\nBAR=${FOO}bar', expected: { FOO: 'test', BAR: 'testbar' } },
    { name: 'expands undefined variables to an empty string', text: 'BAR=$FOO', expected: { BAR: '' } },
    { name: 'expands variables in double quoted strings', text: 'FOO=test\nBAR="quote $FOO"', expected: { FOO: 'test', BAR: 'quote test' } },
    { name: 'does not expand variables in single quoted strings', text: "BAR='quote $FOO'", expected: { BAR: 'quote $FOO' } },
    { name: 'does not expand escaped variables 1', text: 'FOO="foo\\$BAR"', expected: { FOO: 'foo$BAR' } },
    { name: 'does not expand escaped variables 2', text: 'FOO="foo\\${BAR}"', expected: { FOO: 'foo${BAR}' } },
    { name: 'does not expand escaped variables 3', text: 'FOO=test\nBAR="foo\\${FOO} ${FOO}"', expected: { FOO: 'test', BAR: 'foo${FOO} test' } },
    // TestExpandingEnvironmentWithLookup
    { name: 'expands from the lookup', text: 'TEST=$ME', lookup: { ME: 'YES' }, expected: { TEST: 'YES' } },
    // godotenv_var_expansion_test.go: envMap {EMPTY_VAR: "", TEST_VAR: "Test Value"}, lookup finds nothing.
    ...([
      ['${UNSET_VAR:-Default Value}', 'Default Value'],
      ['${EMPTY_VAR:-Default Value}', 'Default Value'],
      ['${TEST_VAR:-Default Value}', 'Test Value'],
      ['${UNSET_VAR-Default Value}', 'Default Value'],
      ['${EMPTY_VAR-Default Value}', ''],
      ['${TEST_VAR-Default Value}', 'Test Value'],
      ['${TEST_VAR:?Default Value}', 'Test Value'],
      ['${EMPTY_VAR?Test error}', ''],
      ['${TEST_VAR?Default Value}', 'Test Value'],
    ] as const).map(([template, result]) => ({
      name: `RESULT=${template}`,
      text: `EMPTY_VAR=\nTEST_VAR=Test Value\nRESULT=${template}`,
      expected: { EMPTY_VAR: '', TEST_VAR: 'Test Value', RESULT: result },
    })),
  ];

  it.each(cases)('$name', ({ text, lookup, expected }) => {
    expect(values(text, lookup ? env(lookup) : none)).toEqual(expected);
  });

  it.each([
    ['${UNSET_VAR:?Test error}', 'UNSET_VAR'],
    ['${EMPTY_VAR:?Test error}', 'EMPTY_VAR'],
    ['${UNSET_VAR?Test error}', 'UNSET_VAR'],
  ])('RESULT=%s is a required-variable error (TestErrorIfEmptyOrUnset / TestErrorIfUnset)', (template, variable) => {
    const result = parseDotenv(`EMPTY_VAR=\nRESULT=${template}`, '.env', none);
    expect(result.diagnostics).toEqual([{
      code: 'REQUIRED_VARIABLE',
      severity: 'error',
      message: `variable "RESULT": required variable ${variable} is missing a value: Test error`,
      at: { file: '.env', line: 2, col: 8 },
      hint: `set ${variable} in the environment`,
    }]);
    expect(result.values.has('RESULT')).toBe(false);
  });
});

describe('parseDotenv: compose-go quirks we copy', () => {
  it('a last line without "=" and without a final newline becomes the value of an empty key', () => {
    // compose-go scanKeyEnd finds no separator, so the whole line is read as a value for key "".
    const result = parseDotenv('A=1\nFOO', '.env', env({ FOO: 'from-shell' }));
    expect(Object.fromEntries(result.values)).toEqual({ A: '1', '': 'FOO' });
    expect(result.diagnostics).toMatchObject([{ code: 'ENV_FILE_SYNTAX', severity: 'warning', at: { line: 2, col: 1 } }]);
    // With the newline it is an ordinary inherited key.
    expect(values('A=1\nFOO\n', env({ FOO: 'from-shell' }))).toEqual({ A: '1', FOO: 'from-shell' });
  });

  it('warns about a value with no variable name', () => {
    const result = parseDotenv('=value\n', '.env', none);
    expect(result.values.get('')).toBe('value');
    expect(result.diagnostics).toMatchObject([{ code: 'ENV_FILE_SYNTAX', severity: 'warning' }]);
  });

  it('text after a closing quote starts a new statement', () => {
    expect(values('FOO="a" BAR\n', env({ BAR: 'b' }))).toEqual({ FOO: 'a', BAR: 'b' });
  });

  it('only an ASCII space is refused inside a key; a tab passes', () => {
    expect(values('A\tB=1')).toEqual({ 'A\tB': '1' });
    expect(parseDotenv('A B=1', '.env', none).diagnostics[0]).toMatchObject({
      code: 'ENV_FILE_SYNTAX', message: expect.stringContaining('"A B"'), at: { line: 1, col: 1 },
    });
  });

  it('an inline comment needs a space before "#"', () => {
    expect(values('A=x#y\nB=x\t#y\nC=x #y')).toEqual({ A: 'x#y', B: 'x\t#y', C: 'x' });
  });

  it('"export" with nothing after it is an error; without a space it is a key', () => {
    expect(parseDotenv('export   ', '.env', none).diagnostics[0]).toMatchObject({ code: 'ENV_FILE_SYNTAX', at: { col: 1 } });
    expect(values('export=1\n')).toEqual({ export: '1' });
  });

  it('an inherited key keeps an earlier value when the lookup has none', () => {
    expect(values('A=1\nA\n')).toEqual({ A: '1' });
    expect(values('A=1\nA\n', env({ A: '2' }))).toEqual({ A: '2' });
  });

  it('the lookup answers for an inherited key, the file does not', () => {
    expect(values('A=1\nB\n')).toEqual({ A: '1' });
  });

  it('a set-but-empty lookup value wins over the file inside ${…}', () => {
    expect(values('A=1\nB=${A:-d}\nC=${A-d}', env({ A: '' }))).toEqual({ A: '1', B: 'd', C: '' });
  });

  it('octal escapes need exactly three digits worth at most 255', () => {
    expect(values('A="\\0101"\nB="\\012"\nC="\\0400"\nD="\\0377"\nE="\\0"\nF="\\0089"')).toEqual({
      A: 'A', B: '\\012', C: '\\0400', D: '\u00ff', E: '\\0', F: '\\0089',
    });
  });

  it('handles CRLF line ends', () => {
    expect(values('A=1\r\nB="2"\r\nC\r\n# x\r\nD=\'4\'\r\n', env({ C: '3' }))).toEqual({ A: '1', B: '2', C: '3', D: '4' });
  });

  it('"$$" and "\\$" in values', () => {
    expect(values('A=$$x\nB="$$x"\nC=\\$x\nD=\'$$x\'', env({ x: 'X' }))).toEqual({ A: '$x', B: '$x', C: '\\X', D: '$$x' });
  });

  it('strips only one leading BOM and keeps line numbers', () => {
    const result = parseDotenv('\uFEFFA=1\nB=${\n', '.env', none);
    expect(result.values.get('A')).toBe('1');
    expect(result.diagnostics).toMatchObject([{ code: 'INTERPOLATION_SYNTAX', at: { line: 2, col: 3 } }]);
  });

  it('reports a bad template in an unquoted value at the "$", in a quoted one at the quote', () => {
    expect(parseDotenv('A=ok ${B:x}\n', '.env', none).diagnostics[0]).toMatchObject({
      code: 'INTERPOLATION_SYNTAX', message: 'variable "A": invalid interpolation format "ok ${B:x}"', at: { line: 1, col: 6 },
    });
    expect(parseDotenv('\nA = "x\\ty ${B:?}"\n', '.env', none).diagnostics[0]).toMatchObject({
      code: 'REQUIRED_VARIABLE', message: 'variable "A": required variable B is missing a value', at: { line: 2, col: 5 },
    });
  });

  it('stops at the first error and reports it only', () => {
    const result = parseDotenv('A=1\nB C\nD=4\nE F\n', '.env', none);
    expect(Object.fromEntries(result.values)).toEqual({ A: '1' });
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]!.at).toEqual({ file: '.env', line: 2, col: 1 });
  });

  it('keeps the first position of a key that is set twice', () => {
    expect([...parseDotenv('A=1\nB=2\nA=3\n', '.env', none).values]).toEqual([['A', '3'], ['B', '2']]);
  });
});
