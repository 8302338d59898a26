import { describe, expect, it } from 'vitest';
import { MASK, valueMasker } from './mask.js';
import { escapeRegExp } from './regexp.js';

describe('valueMasker', () => {
  it('masks the longest value first, so a value that contains another is masked whole', () => {
    const mask = valueMasker(['pass', 'password123']);
    expect(mask('a=password123 b=pass')).toBe(`a=${MASK} b=${MASK}`);
  });

  it('leaves values shorter than minLength alone, and masks every length by default', () => {
    expect(valueMasker(['ab', 'secret'], 3)('ab secret')).toBe(`ab ${MASK}`);
    expect(valueMasker(['ab'])('cab')).toBe(`c${MASK}`);
    expect(valueMasker(['', 'x'], 0)('x')).toBe(MASK);
  });

  it('changes nothing without values', () => {
    expect(valueMasker([])('anything')).toBe('anything');
  });
});

describe('escapeRegExp', () => {
  it('matches its text literally', () => {
    const text = 'a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o';
    expect(new RegExp(`^${escapeRegExp(text)}$`).test(text)).toBe(true);
    expect(new RegExp(escapeRegExp('a.b')).test('axb')).toBe(false);
  });
});
