/**
 * Keeps secret values out of everything compose2helm prints. Two layers:
 * - every occurrence of a known secret value (from the current inputs) becomes `***`;
 * - a line of a generated file that *ends* with a secret value (`  sessionSecret: s3cret`) teaches
 *   the masker that line's shape (`  sessionSecret: `), and any line of that shape — in the
 *   generated file or in the committed one — is printed as `  sessionSecret: ***`. That is what
 *   hides the *previous* value when a secret changes: the old value is in out/, not in the inputs.
 */
import { MASK, valueMasker } from '../text/mask.js';

export { MASK };

/** Masks `text`; `generated` is the generated version of the same file, whose secret lines teach line shapes. */
export type Masker = (text: string, generated?: string) => string;

/** Values shorter than this are masked only by line shape: `ab` would turn half the output into `***`. */
const MIN_VALUE_LENGTH = 3;

export function secretMasker(secrets: readonly string[]): Masker {
  const values = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  const maskValues = valueMasker(values, MIN_VALUE_LENGTH);
  if (values.length === 0) return (text) => text;
  // compare-trees masks a diff line by line against the same generated file: learn its shapes once
  // (per line, a 3,000-line file re-read itself 3,000 times).
  let learnedFrom: string | undefined;
  let learned: string[] = [];
  const shapesOf = (generated: string) => {
    if (generated !== learnedFrom) [learnedFrom, learned] = [generated, secretLineShapes(generated, values)];
    return learned;
  };
  return (text, generated) => {
    const shapes = generated === undefined ? [] : shapesOf(generated);
    if (shapes.length === 0) return maskValues(text);
    return text.split('\n').map((line) => {
      const shape = shapes.find((prefix) => line.startsWith(prefix));
      return shape === undefined ? maskValues(line) : `${shape}${MASK}`;
    }).join('\n');
  };
}

/**
 * Prefixes of lines that end with a secret value, cut after the key separator
 * (`key: `, `key=`) and before an opening quote, longest first.
 */
function secretLineShapes(text: string, values: readonly string[]): string[] {
  const shapes = new Set<string>();
  for (const line of text.split('\n')) {
    for (const value of values) {
      const unquoted = line.replace(/["']$/, '');
      if (!unquoted.endsWith(value)) continue;
      const prefix = unquoted.slice(0, unquoted.length - value.length).replace(/["']$/, '');
      // Only `key: value` / `key=value` lines: the shape must name the key, or it would match anything.
      if (/[A-Za-z0-9_.-]\s*(:\s+|=)$/.test(prefix)) shapes.add(prefix);
    }
  }
  return [...shapes].sort((a, b) => b.length - a.length);
}
