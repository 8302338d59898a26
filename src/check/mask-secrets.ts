/**
 * Keeps secret values out of everything compose2helm prints. Two layers:
 * - every occurrence of a known secret value (from the current inputs) becomes `***`;
 * - a line of a generated file that *ends* with a secret value (`  sessionSecret: s3cret`) teaches
 *   the masker that line's shape (`  sessionSecret: `), and any line of that shape — in the
 *   generated file or in the committed one — is printed as `  sessionSecret: ***`. That is what
 *   hides the *previous* value when a secret changes: the old value is in out/, not in the inputs.
 */
import { parse } from 'yaml';
import { MASK, valueMasker } from '../text/mask.js';

export { MASK };

/** Masks `text`; `generated` is the generated version of the same file, whose secret lines teach line shapes. */
export type Masker = (text: string, generated?: string) => string;

/** Values shorter than this are masked only by line shape: `ab` would turn half the output into `***`. */
const MIN_VALUE_LENGTH = 3;

/**
 * `secrets`: the values of the current inputs. `previous`: values that only the committed out/
 * still holds (see committedSecretValues). Those are masked in the lines of a diff, not in the
 * texts before diffing, so that a secret that changed still shows as `-key: ***` / `+key: ***`
 * instead of two equal masked texts with nothing between them.
 */
export function secretMasker(secrets: readonly string[], previous: readonly string[] = []): Masker {
  const values = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  const maskValues = valueMasker(values, MIN_VALUE_LENGTH);
  const maskPrevious = valueMasker(previous.filter((v) => !values.includes(v)), MIN_VALUE_LENGTH);
  // compare-trees masks a diff line by line against the same generated file: learn its shapes once
  // (per line, a 3,000-line file re-read itself 3,000 times).
  let learnedFrom: string | undefined;
  let learned: string[] = [];
  const shapesOf = (generated: string) => {
    if (generated !== learnedFrom) [learnedFrom, learned] = [generated, values.length === 0 ? [] : secretLineShapes(generated, values)];
    return learned;
  };
  return (text, generated) => {
    if (generated === undefined) return maskValues(text);
    const shapes = shapesOf(generated);
    if (shapes.length === 0) return maskPrevious(maskValues(text));
    return text.split('\n').map((line) => {
      const shape = shapes.find((prefix) => line.startsWith(prefix));
      return shape === undefined ? maskPrevious(maskValues(line)) : `${shape}${MASK}`;
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

/** Where generated files keep secret values: the development values, under `secrets:`. */
export const DEV_VALUES_PATH = 'chart/values-dev.yaml';

/**
 * The secret values a committed out/ holds: the values under `secrets:` in its values-dev.yaml.
 * A secret that is no longer an input (its variable was removed from compose) is still there, and
 * the `--check` diff prints that file's old lines; the current inputs cannot name it. Only that
 * block is parsed (a few lines); a file someone broke by hand yields nothing, not an error.
 */
export function committedSecretValues(valuesDev: string | undefined): string[] {
  const block = valuesDev === undefined ? undefined : /^secrets:[^\n]*\n(?:(?: [^\n]*)?\n)*/m.exec(valuesDev)?.[0];
  if (block === undefined) return [];
  try {
    const secrets = (parse(block) as { secrets?: unknown } | null)?.secrets;
    if (secrets === null || typeof secrets !== 'object') return [];
    return Object.values(secrets).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String);
  } catch {
    return [];
  }
}
