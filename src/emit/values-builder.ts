/**
 * values.yaml and values-dev.yaml built in one place. The code that adds a value gets back the
 * template expression that reads it, so values and templates cannot drift apart; every value has a
 * one-line comment, and the same entries feed values.schema.json and the chart README's table.
 */
import { emptyRecord } from '../text/record.js';
import { emitYaml } from './yaml-emitter.js';

export type ValueLeaf = string | number | boolean | null | Record<string, unknown> | unknown[];

export interface ValueEntry {
  path: string[];
  value: ValueLeaf;
  comment: string;
  /** JSON schema for the value; derived from the default when not given. */
  schema?: Record<string, unknown>;
}

export class ValuesBuilder {
  private readonly entries: ValueEntry[] = [];
  private readonly devEntries: { path: string[]; value: ValueLeaf }[] = [];
  /** Section comments, by dotted path. */
  private readonly sections = new Map<string, string>();

  /** Adds a production default and returns `.Values.<path>`. */
  add(path: string[], value: ValueLeaf, comment: string, schema?: Record<string, unknown>): string {
    const entry: ValueEntry = { path, value, comment };
    if (schema) entry.schema = schema;
    this.entries.push(entry);
    return valuesRef(path);
  }

  /** A development override for a path that `add` already defined. */
  dev(path: string[], value: ValueLeaf): void {
    this.devEntries.push({ path, value });
  }

  section(path: string[], comment: string): void {
    this.sections.set(path.join('.'), comment);
  }

  list(): readonly ValueEntry[] {
    return this.entries;
  }

  /** The comment of a section (a top-level key such as a service), if one was given. */
  sectionComment(path: string[]): string | undefined {
    return this.sections.get(path.join('.'));
  }

  prodYaml(header: string): string {
    return render(this.entries.map((e) => ({ path: e.path, value: e.value, comment: e.comment })), this.sections, header);
  }

  devYaml(header: string): string {
    return render(this.devEntries.map((e) => ({ path: e.path, value: e.value, comment: undefined })), new Map(), header);
  }
}

/** `.Values.a.b`, or `(index .Values "a-b" …)` where a key is not a Go identifier. */
export function valuesRef(path: string[]): string {
  if (path.every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) return `.Values.${path.join('.')}`;
  return `(index .Values ${path.map((p) => JSON.stringify(p)).join(' ')})`;
}

function render(items: { path: string[]; value: ValueLeaf; comment: string | undefined }[], sections: Map<string, string>, header: string): string {
  // Keys are user-given names (environment variables among them): see emptyRecord.
  const root = emptyRecord<unknown>();
  // By dotted path, as the YAML writer reads them: the text after `#`.
  const keyComments = new Map<string, string>();
  for (const item of items) {
    let node = root;
    item.path.slice(0, -1).forEach((key) => {
      const child = node[key];
      if (typeof child !== 'object' || child === null || Array.isArray(child)) node[key] = emptyRecord<unknown>();
      node = node[key] as Record<string, unknown>;
    });
    node[item.path[item.path.length - 1]!] = item.value;
    if (item.comment) keyComments.set(item.path.join('.'), ` ${item.comment}`);
  }
  for (const [path, comment] of sections) if (comment && !keyComments.has(path)) keyComments.set(path, ` ${comment}`);
  // Helm reads values as YAML 1.1, where an unquoted yes/no/on/off is a boolean: the writer uses
  // 1.1, so such strings are quoted and reach the templates as the text compose had.
  // A blank line before each top-level section keeps a long values.yaml scannable.
  return emitYaml(root, { header, keyComments, spaceBetweenTopLevelKeys: true });
}
