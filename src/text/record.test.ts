import { describe, expect, it } from 'vitest';
import { emptyRecord, setOwnKey } from './record.js';

describe('records keyed by user-given names', () => {
  it('emptyRecord keeps __proto__ and constructor as ordinary keys', () => {
    const record = emptyRecord<string>();
    record['__proto__'] = 'a';
    record['constructor'] = 'b';
    expect(Object.keys(record).sort()).toEqual(['__proto__', 'constructor']);
    expect(JSON.stringify(record)).toBe('{"__proto__":"a","constructor":"b"}');
  });

  it('setOwnKey adds __proto__ as an own key and leaves the prototype alone', () => {
    const record: Record<string, unknown> = {};
    setOwnKey(record, '__proto__', { polluted: true });
    setOwnKey(record, 'x', 1);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.keys(record)).toEqual(['__proto__', 'x']);
    expect((record as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
