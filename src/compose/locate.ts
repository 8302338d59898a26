/**
 * Maps a data path (as seen in the parsed, merge-key-expanded data) back to where it is written
 * in the YAML source. Used to position diagnostics.
 *
 * - Mapping lookups look at the map's own pairs first (own keys win over merged ones, and the
 *   last duplicate wins, as in `toJS`), then follow YAML 1.1 merge keys (`<<: *anchor`,
 *   `<<: [*a, *b]`, or an inline map); earlier merge sources win, as in the YAML spec. So a path
 *   into a merged-in value resolves to where that value is written (inside the anchored map).
 * - Aliases along the path are followed to their anchored node. An alias at the end of the path
 *   is reported where the alias is written.
 * - `want: 'key'` returns the key's position (for a sequence item: the item's position);
 *   `want: 'value'` the value's (falling back to the key when the value is empty, e.g. `image:`).
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Pair, type YAMLMap } from 'yaml';
import type { SourceRef } from '../diagnostics/diagnostic.js';

export type PathSegment = string | number;
export type Locator = (path: PathSegment[], want: 'key' | 'value') => SourceRef | undefined;

const MERGE_KEY = '<<';
/** Guards against alias cycles (`&a [*a]`) while following aliases and merge keys. */
const MAX_HOPS = 1000;

export function makeLocator(doc: Document, lineCounter: LineCounter, file: string): Locator {
  const at = (node: unknown): SourceRef | undefined => {
    const range = (node as { range?: [number, number, number] | null } | null | undefined)?.range;
    if (!range) return undefined;
    const { line, col } = lineCounter.linePos(range[0]);
    return { file, line, col };
  };

  const deref = (node: unknown): unknown => {
    let current = node;
    for (let hops = 0; isAlias(current) && hops < MAX_HOPS; hops++) current = current.resolve(doc);
    return isAlias(current) ? undefined : current;
  };

  /** Own pairs first (last duplicate wins), then merge sources in order (first wins). */
  const findPair = (map: YAMLMap, key: string, seen: Set<unknown>): Pair | undefined => {
    if (seen.has(map) || seen.size > MAX_HOPS) return undefined;
    seen.add(map);
    let own: Pair | undefined;
    const merges: Pair[] = [];
    for (const item of map.items) {
      const pair = item as Pair;
      if (isMergePair(pair)) {
        merges.push(pair);
        // Without `merge: true` a `<<` key is an ordinary key and shows up in the data as such.
        if (key === MERGE_KEY && typeof (pair.key as { value?: unknown }).value === 'string') own = pair;
      } else if (keyText(pair.key) === key) {
        own = pair;
      }
    }
    if (own) return own;
    for (const merge of merges) {
      const source = deref(merge.value);
      const sources = isSeq(source) ? source.items.map(deref) : [source];
      for (const candidate of sources) {
        if (!isMap(candidate)) continue;
        const found = findPair(candidate, key, seen);
        if (found) return found;
      }
    }
    return undefined;
  };

  return (path, want) => {
    let node: unknown = doc.contents;
    if (path.length === 0) return at(node) ?? { file, line: 1, col: 1 };
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      const last = i === path.length - 1;
      const container = deref(node);
      if (isMap(container)) {
        const pair = findPair(container, String(segment), new Set());
        if (!pair) return undefined;
        if (last) {
          if (want === 'key' || isEmpty(pair.value)) return at(pair.key) ?? at(pair.value);
          return at(pair.value) ?? at(pair.key);
        }
        node = pair.value;
      } else if (isSeq(container)) {
        const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
        const item = container.items[index];
        if (item === undefined) return undefined;
        if (last) return at(item);
        node = item;
      } else {
        return undefined;
      }
    }
    return undefined;
  };
}

function isMergePair(pair: Pair): boolean {
  const key = pair.key;
  if (!isScalar(key)) return false;
  if (typeof key.value === 'symbol') return key.value.description === MERGE_KEY;
  // A plain `<<` is a merge key when the document was parsed with `merge: true`; the data then
  // has no `<<` key, so looking through it is right either way.
  return key.value === MERGE_KEY && (key.type === undefined || key.type === 'PLAIN');
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return undefined;
}

/** `key:` with nothing after it: point at the key rather than at an empty range. */
function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (!isScalar(value) || value.value !== null) return false;
  const range = value.range;
  return !range || range[0] === range[1];
}
