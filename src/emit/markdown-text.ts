/**
 * Small Markdown builders for the report: tables whose cells cannot break the row, code spans
 * that survive backticks, links to source lines, and heading anchors as GitHub and GitLab make them.
 */

/**
 * A table cell: `|` would end the cell (GFM reads `\|` as a pipe, inside code spans too) and a
 * newline the row.
 */
export function cell(text: string): string {
  // The report has tens of thousands of cells; most need neither replacement.
  if (!text.includes('|') && !text.includes('\n')) return text;
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Rows of formatted cell text, each cell made safe with `cell`; a row must match the header. */
export function table(headers: string[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(headers),
    line(headers.map(() => '---')),
    ...rows.map((r) => {
      if (r.length !== headers.length) throw new Error(`table row has ${r.length} cells, header has ${headers.length}`);
      return line(r.map(cell));
    }),
  ];
}

/** An inline code span, fenced with more backticks than the text holds. */
export function code(text: string): string {
  if (!text.includes('`')) return `\`${text}\``;
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * `file:line:col` → `[file:line](<base>/file#Lline)`, a link that GitHub and GitLab open at the
 * line. Without a base (no relative path from the output folder to the sources) plain text.
 */
export function sourceLink(at: string | null, base: string | undefined): string {
  if (at === null) return '';
  const match = /^(.*):(\d+):\d+$/.exec(at);
  if (!match) return at;
  const [, file, line] = match as unknown as [string, string, string];
  const label = `${file}:${line}`;
  if (base === undefined) return label;
  return `[${label}](${linkTarget(base, file)}#L${line})`;
}

// A report links the same few files thousands of times: each is encoded once.
const linkTargets = new Map<string, string>();
function linkTarget(base: string, file: string): string {
  const path = `${base}/${file}`;
  let target = linkTargets.get(path);
  if (target === undefined) {
    target = path.split('/').map(encodeURIComponent).join('/');
    linkTargets.set(path, target);
  }
  return target;
}

/** The anchor GitHub and GitLab derive from a heading's text: lowercase, punctuation dropped. */
export function headingSlug(heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-');
}

/** Anchors for headings in document order; a repeated slug gets `-1`, `-2` as GitHub numbers them. */
export class Anchors {
  private readonly used = new Map<string, number>();

  next(heading: string): string {
    const slug = headingSlug(heading);
    const n = this.used.get(slug);
    this.used.set(slug, (n ?? -1) + 1);
    return n === undefined ? slug : `${slug}-${n + 1}`;
  }
}
