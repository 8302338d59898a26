import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseYaml } from './parse-yaml.js';
import { hasDuplicateKey } from './duplicate-keys.js';

// parseYaml parses without the library's (quadratic) duplicate-key check and parses again with it
// only when hasDuplicateKey or an error says so: its diagnostics must stay the library's own.
const CASES: Record<string, string> = {
  'no repeats': 'services:\n  a: {image: x}\n  b: {image: y}\n',
  'repeated service': 'services:\n  a: {image: x}\n  b: {image: y}\n  a: {image: z}\n',
  'repeated nested key': 'services:\n  a:\n    image: x\n    image: y\n',
  'repeated flow key': 'services: {a: {image: x, image: y}}\n',
  'repeat inside a key': '? {a: 1, a: 2}\n: x\n',
  'repeat inside !reset map': 'services:\n  a:\n    ports: !reset {x: 1, x: 2}\n',
  'repeat inside !reset seq': 'services:\n  a:\n    ports: !reset [{x: 1, x: 2}]\n',
  'repeat inside !override map': 'services:\n  a:\n    environment: !override {X: 1, X: 2}\n',
  'number and string keys': 'x:\n  1: a\n  "1": b\n',
  'equal numbers': 'x:\n  1: a\n  0x1: b\n',
  'two NaN keys': 'x:\n  .nan: a\n  .NaN: b\n',
  'two empty keys': 'x:\n  ? \n  : a\n  ? \n  : b\n',
  'two merge keys': 'base: &b {a: 1}\nx:\n  <<: *b\n  <<: *b\n',
  'two alias keys': 'k: &k key\nx:\n  *k : 1\n  *k : 2\n',
  'repeat and a syntax error': 'a: 1\na: 2\nb: [\n',
  'repeat after a tab': 'a:\n\t- 1\na: 2\n',
};

describe('parseYaml duplicate keys', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`reports what the library reports: ${name}`, () => {
      const library = parseDocument(text, { merge: true, uniqueKeys: true, prettyErrors: false });
      const expected = library.errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0]);
      const diagnostics = parseYaml(text, 'compose.yaml').diagnostics;
      expect(diagnostics.filter((d) => d.code === 'YAML_DUPLICATE_KEY')).toHaveLength(expected.length);
    });
  }

  it('finds a repeat where the library does, tags aside', () => {
    for (const [name, text] of Object.entries(CASES)) {
      if (name.includes('!reset') || name.includes('!override') || name.includes('error') || name.includes('tab')) continue;
      const library = parseDocument(text, { merge: true, uniqueKeys: true });
      const unchecked = parseDocument(text, { merge: true, uniqueKeys: false });
      expect(hasDuplicateKey(unchecked), name).toBe(library.errors.some((e) => e.code === 'DUPLICATE_KEY'));
    }
  });

  it('keeps the library order and positions when a file has several errors', () => {
    const text = 'services:\n  a: {image: x}\n  a: {image: y}\n  b: [\n';
    const strict = parseDocument(text, { merge: true, uniqueKeys: true, prettyErrors: false });
    const codes = parseYaml(text, 'compose.yaml').diagnostics.map((d) => d.code);
    expect(codes).toEqual(strict.errors.map((e) => (e.code === 'DUPLICATE_KEY' ? 'YAML_DUPLICATE_KEY' : 'YAML_SYNTAX')));
  });
});
