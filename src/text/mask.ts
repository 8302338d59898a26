/** What a secret value is replaced with wherever compose2helm prints or writes text. */
export const MASK = '***';

/**
 * Replaces every occurrence of each value with `***`, longest value first so a value that contains
 * another is masked whole. Values shorter than `minLength` are left alone (the caller decides
 * whether a two-letter secret should turn half of a diff into `***`).
 */
export function valueMasker(values: readonly string[], minLength = 1): (text: string) => string {
  const sorted = [...new Set(values.filter((v) => v.length >= Math.max(1, minLength)))].sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return (text) => text;
  return (text) => sorted.reduce((t, v) => (t.includes(v) ? t.split(v).join(MASK) : t), text);
}
