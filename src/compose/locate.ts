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
import { isAlias, isMap, isScalar, isSeq, visit, type Alias, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
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

  // The document is not modified after parsing, so what each alias points at and each map's keys
  // are worked out once: `Alias.resolve(doc)` walks the whole document per call, and scanning a
  // map's pairs per lookup made locating every service's keys quadratic in the number of services.
  let aliasTargets: Map<Alias, Node> | undefined;
  const resolveAlias = (alias: Alias): unknown => {
    if (!aliasTargets) {
      // What Alias.resolve answers: the last node before the alias (in document order) with its anchor.
      const targets = new Map<Alias, Node>();
      const anchored = new Map<string, Node>();
      visit(doc, {
        Node: (_key, node) => {
          if (isAlias(node)) {
            const target = anchored.get(node.source);
            if (target) targets.set(node, target);
          } else if (node.anchor) {
            anchored.set(node.anchor, node);
          }
        },
      });
      aliasTargets = targets;
    }
    return aliasTargets.get(alias);
  };
  const deref = (node: unknown): unknown => {
    let current = node;
    for (let hops = 0; isAlias(current) && hops < MAX_HOPS; hops++) current = resolveAlias(current);
    return isAlias(current) ? undefined : current;
  };

  /** A map's own pairs by key (the last duplicate wins) and its merge pairs in order. */
  const indexes = new WeakMap<YAMLMap, { own: Map<string, Pair>; merges: Pair[] }>();
  const indexOf = (map: YAMLMap) => {
    let index = indexes.get(map);
    if (index) return index;
    index = { own: new Map(), merges: [] };
    for (const item of map.items) {
      const pair = item as Pair;
      if (isMergePair(pair)) {
        index.merges.push(pair);
        // Without `merge: true` a `<<` key is an ordinary key and shows up in the data as such.
        if (typeof (pair.key as { value?: unknown }).value === 'string') index.own.set(MERGE_KEY, pair);
      } else {
        const text = keyText(pair.key);
        if (text !== undefined) index.own.set(text, pair);
      }
    }
    indexes.set(map, index);
    return index;
  };

  /** Own pairs first (last duplicate wins), then merge sources in order (first wins). */
  const findPair = (map: YAMLMap, key: string, seen?: Set<unknown>): Pair | undefined => {
    if (seen && (seen.has(map) || seen.size > MAX_HOPS)) return undefined;
    const { own: ownPairs, merges } = indexOf(map);
    const own = ownPairs.get(key);
    if (own || merges.length === 0) return own;
    // Only following merge keys can go round in circles, so only then are the maps seen kept
    // (a Set per lookup was most of what locating every key of every service allocated).
    seen ??= new Set();
    seen.add(map);
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
        const pair = findPair(container, String(segment));
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
