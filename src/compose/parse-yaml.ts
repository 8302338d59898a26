/**
 * YAML text → data plus a locator, the way compose reads it: YAML 1.1 merge keys (`<<`) on,
 * duplicate keys refused, alias expansion bounded (a "billion laughs" file is an error, not an
 * out-of-memory crash), compose's custom `!reset` / `!override` tags understood.
 */
import { LineCounter, parseDocument, isScalar, isMap, isSeq, type Document, type ScalarTag, type CollectionTag } from 'yaml';
import type { Diagnostic, SourceRef } from '../diagnostics/diagnostic.js';
import { makeLocator } from './locate.js';
import { hasDuplicateKey } from './duplicate-keys.js';
import { parseSimpleYaml } from './simple-yaml.js';
import { MergeDirective } from './merge-directive.js';

export { MergeDirective };

export type Locate = (path: (string | number)[], want: 'key' | 'value') => SourceRef | undefined;

export interface ParsedYaml {
  file: string;
  doc: Document;
  data: unknown;
  locate: Locate;
  diagnostics: Diagnostic[];
}

const resetScalar: ScalarTag = {
  tag: '!reset',
  resolve: () => new MergeDirective('reset', null),
};
const overrideScalar: ScalarTag = {
  tag: '!override',
  resolve: (str: string) => new MergeDirective('override', str),
};
/** `onResolve` hears of each one: the collection it replaces is not in the document any more. */
const resetCollection = (collection: 'map' | 'seq', onResolve: () => void): CollectionTag => ({
  tag: '!reset',
  collection,
  resolve: () => {
    onResolve();
    return new MergeDirective('reset', collection === 'map' ? {} : []) as never;
  },
});
const overrideCollection = (collection: 'map' | 'seq'): CollectionTag => ({
  tag: '!override',
  collection,
  resolve: (value) => value,
});

/** Alias expansions allowed per document before it is treated as an alias bomb. */
export const MAX_ALIAS_COUNT = 1000;

export function parseYaml(text: string, file: string): ParsedYaml {
  const { doc, lineCounter } = parseRefusingDuplicates(text);
  const diagnostics: Diagnostic[] = [];
  const pos = (offset: number): SourceRef => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };
  for (const error of doc.errors) {
    diagnostics.push({
      code: error.code === 'DUPLICATE_KEY' ? 'YAML_DUPLICATE_KEY' : 'YAML_SYNTAX',
      severity: 'error',
      message: yamlMessage(error.code, error.message, text.slice(error.pos[0])),
      at: pos(error.pos[0]),
    });
  }
  const locate = makeLocator(doc, lineCounter, file);
  if (diagnostics.length > 0) return { file, doc, data: undefined, locate, diagnostics };

  let data: unknown;
  try {
    data = toData(doc);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    diagnostics.push({
      code: 'YAML_ALIAS_LIMIT',
      severity: 'error',
      message: `${message.replace(/\.$/, '')}; refusing to expand it`,
      at: pos(0),
      hint: 'an alias bomb, or anchors nested far deeper than a compose file needs',
    });
  }
  return { file, doc, data, locate, diagnostics };
}

/**
 * The document, with duplicate keys reported as the library reports them. The library's check is
 * quadratic in a map's size, so the text is parsed without it first; a document with a repeated
 * key, any other error (to keep the library's order of errors), or a `!reset` collection (which
 * drops its map, repeated keys and all, before hasDuplicateKey could look) is parsed again with it.
 */
function parseRefusingDuplicates(text: string): { doc: Document; lineCounter: LineCounter } {
  // The block-style subset most files are written in has its own, much faster parser (issue #9);
  // it builds the library's document, or declines and leaves the text to the library.
  const simple = parseSimpleYaml(text);
  if (simple && !hasDuplicateKey(simple.doc)) return simple;
  const fast = parseWith(text, false);
  if (fast.doc.errors.length === 0 && !fast.resetCollections && !hasDuplicateKey(fast.doc)) return fast;
  return parseWith(text, true);
}

function parseWith(text: string, uniqueKeys: boolean): { doc: Document; lineCounter: LineCounter; resetCollections: boolean } {
  const lineCounter = new LineCounter();
  let resetCollections = false;
  const sawReset = () => { resetCollections = true; };
  const doc = parseDocument(text, {
    merge: true,
    uniqueKeys,
    prettyErrors: false,
    lineCounter,
    customTags: [resetScalar, overrideScalar, resetCollection('map', sawReset), resetCollection('seq', sawReset), overrideCollection('map'), overrideCollection('seq')],
  });
  return { doc, lineCounter, resetCollections };
}

/** Overrides keep their value but remember the directive, so the merger can honour it. */
function toData(doc: Document): unknown {
  const data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  markOverrides(doc.contents, data);
  return data;
}

function markOverrides(node: unknown, data: unknown): void {
  if (isMap(node) && data && typeof data === 'object') {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) continue;
      const record = data as Record<string, unknown>;
      const value = pair.value;
      if ((isMap(value) || isSeq(value)) && value.tag === '!override') {
        record[key] = new MergeDirective('override', record[key]);
      } else {
        markOverrides(value, record[key]);
      }
    }
  } else if (isSeq(node) && Array.isArray(data)) {
    node.items.forEach((item, i) => markOverrides(item, data[i]));
  }
}

/** `rest` is the source from the error's offset on (for a duplicate key: the key itself). */
function yamlMessage(code: string, message: string, rest: string): string {
  const first = message.split('\n')[0] ?? message;
  switch (code) {
    case 'DUPLICATE_KEY': {
      const key = /^("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^:#\n]*?)\s*:/.exec(rest)?.[1];
      const named = key ? ` "${key.replace(/^["']|["']$/g, '')}"` : '';
      return `duplicate key${named}: a key may appear only once in a mapping`;
    }
    case 'TAB_AS_INDENT':
      return 'tab character used for indentation; YAML allows only spaces';
    case 'MULTIPLE_DOCS':
      // compose reads one document per file; a second `---` is usually two files pasted together.
      return 'a second YAML document ("---") starts here; a compose or mapping file holds exactly one';
    default:
      return first.replace(/ at line \d+, column \d+.*$/, '');
  }
}
