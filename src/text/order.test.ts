import { describe, expect, it } from 'vitest';
import { byCodeUnit } from './order.js';

describe('byCodeUnit', () => {
  it('orders by UTF-16 code units, as sort() without a comparator does, not by locale', () => {
    const keys = ['b', 'B', 'a', 'A_1', 'a-1', 'a_1', 'Z', 'é', 'e', '10', '9'];
    const sorted = [...keys].sort(byCodeUnit);
    expect(sorted).toEqual([...keys].sort());
    // Where a locale collator would say otherwise: upper case before lower, '-' before '_'.
    expect(sorted).toEqual(['10', '9', 'A_1', 'B', 'Z', 'a', 'a-1', 'a_1', 'b', 'e', 'é']);
    expect([...keys].sort((x, y) => x.localeCompare(y, 'en'))).not.toEqual(sorted);
  });

  it('says equal only for equal strings', () => {
    expect(byCodeUnit('x', 'x')).toBe(0);
    expect(byCodeUnit('x', 'y')).toBe(-1);
    expect(byCodeUnit('y', 'x')).toBe(1);
  });
});
