// rewriteReferences scans a value once and looks names up in a map. The rule it implements was
// first written as one regular expression per service, longest name first (equal lengths in code
// unit order, like all generated output); that version is kept
// here as the reference, and random values and service sets must get the same answer from both.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byCodeUnit } from '../text/order.js';
import { rewriteReferences, type ServiceTarget } from './service-references.js';

function reference(value: string, targets: ServiceTarget[]): { value: string; rewritten: string[] } {
  const rewritten: string[] = [];
  if (/\s/.test(value)) return { value, rewritten };
  let result = value;
  for (const target of [...targets].sort((a, b) => b.service.length - a.service.length || byCodeUnit(a.service, b.service))) {
    const pattern = new RegExp(`(^|[/@=,:;("'])${target.service.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[/:,;)"'?#])`, 'g');
    const next = result.replace(pattern, (_m, before: string) => `${before}${target.template}`);
    if (next !== result) rewritten.push(target.service);
    result = next;
  }
  return { value: result, rewritten };
}

const NAMES = ['db', 'db-1', 'ovn', 'ovn-nb-db', 'a.b', 'a', 'web_1', 'Web', 'x.fullname'];
const target = (service: string, chart = 'app'): ServiceTarget => ({ service, template: `{{ include "${chart}.fullname" $ }}-${service.toLowerCase().replace(/[_.]/g, '-')}` });

describe('rewriteReferences', () => {
  it.each([
    ['url', 'postgres://u@db:5432/app', ['db']],
    ['longest name wins', 'tcp:ovn-nb-db:6641,ovn:1', ['ovn-nb-db', 'ovn']],
    ['not part of a longer name', 'db.example.com', []],
    ['prose is left alone', 'the db is down', []],
    ['own name excluded', 'http://web_1:80', []],
  ])('%s', (_name, value, expected) => {
    const targets = NAMES.map((n) => target(n));
    const result = rewriteReferences(value, targets, 'web_1');
    expect(result.rewritten).toEqual(expected);
    expect(result).toEqual(reference(value, targets.filter((t) => t.service !== 'web_1')));
  });

  it('agrees with one pattern per service, longest first, on random values', () => {
    const piece = fc.oneof(fc.constantFrom(...NAMES), fc.constantFrom('/', '@', '=', ',', ':', ';', '(', ')', '"', "'", '?', '#', '-', '.', '+', '{{', '}}', '$', ' '), fc.string({ maxLength: 3 }));
    fc.assert(fc.property(
      fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')),
      fc.subarray(NAMES),
      fc.constantFrom('app', 'x'),
      fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
      (value, names, chart, exclude) => {
        // chart "x" makes "x.fullname" appear inside replacements: the pattern-by-pattern path.
        const targets = names.map((n) => target(n, chart));
        const expected = reference(value, exclude === undefined ? targets : targets.filter((t) => t.service !== exclude));
        expect(rewriteReferences(value, targets, exclude)).toEqual(expected);
      },
    ), { numRuns: 2000 });
  });
});
