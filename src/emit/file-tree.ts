/**
 * The output of a run: POSIX path (relative to --out) → file text, iterated in sorted order.
 * Generated files end with a newline by construction; files copied from the project keep their bytes.
 */
export type FileTree = ReadonlyMap<string, string>;

export function fileTree(files: Iterable<{ path: string; text: string }>): FileTree {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const tree = new Map<string, string>();
  for (const f of sorted) {
    if (tree.has(f.path)) throw new Error(`bug: two generated files share the path ${f.path}`);
    tree.set(f.path, f.text);
  }
  return tree;
}
