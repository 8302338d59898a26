/**
 * Ordering for generated output. `String.prototype.localeCompare` depends on the machine's ICU
 * data and locale (LANG), so two machines could sort the same keys differently; its first call
 * also builds an ICU collator (~10 ms of every run). Output is ordered by UTF-16 code units
 * instead: the same everywhere, and what `Array.prototype.sort()` does without a comparator.
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
