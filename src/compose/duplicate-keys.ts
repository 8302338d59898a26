/**
 * Whether a parsed document repeats a key in some mapping, answered in one pass.
 *
 * The yaml library's `uniqueKeys` check compares each new key with every earlier key of its map,
 * so a compose file's `services:` map of n services costs n²/2 comparisons (a third of the parse
 * at 10,000 services). parse-yaml parses without it, asks this, and parses again with it only
 * when a key repeats, so the diagnostics are the library's own.
 */
import { isMap, isPair, isScalar, isSeq, type Document } from 'yaml';

/**
 * The library's test, in a Set: two keys are the same when both are scalars with `===` values
 * (NaN, which a Set would match, never repeats; a `<<` merge key is a fresh symbol each time).
 * Every map is reached, keys included, except maps a tag resolved into something else.
 */
export function hasDuplicateKey(doc: Document): boolean {
  return repeatsAKey(doc.contents);
}

// A plain recursion: yaml's visit() copies the path for every node it visits.
function repeatsAKey(node: unknown): boolean {
  if (isMap(node)) {
    const seen = new Set<unknown>();
    for (const pair of node.items) {
      if (isScalar(pair.key)) {
        const value = pair.key.value;
        if (seen.has(value) && !Number.isNaN(value)) return true;
        seen.add(value);
      }
      if (repeatsAKey(pair.key) || repeatsAKey(pair.value)) return true;
    }
  } else if (isSeq(node)) {
    for (const item of node.items) if (repeatsAKey(item)) return true;
  } else if (isPair(node)) {
    return repeatsAKey(node.key) || repeatsAKey(node.value);
  }
  return false;
}
