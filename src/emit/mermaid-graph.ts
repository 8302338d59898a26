/**
 * The services' dependency graph as a Mermaid flowchart (GitHub and GitLab render it).
 * Node ids are generated (`s0`, `s1`, …), never derived from service names, so names such as
 * `end` (a Mermaid keyword) or `a-b` next to `a_b` cannot break or merge nodes; every label is
 * quoted, and any character that could end a label is written as a Mermaid entity (`#34;`).
 */

export interface GraphNode {
  name: string;
  /** Second label line: the workload kind or the chart. */
  detail: string;
  /** Drawn as a cylinder: a service replaced by a chart dependency (a database). */
  chart: boolean;
}

export interface GraphEdge {
  from: string;
  to: string;
  label: string;
  /** Drawn dotted: compose orders the start, the chart cannot. */
  enforced: boolean;
}

/** Characters that can appear in a quoted Mermaid label as they are. */
const SAFE = /[A-Za-z0-9 _.,:;=+/@()'*?!~^$-]/;

/** Quoted-label text: everything outside SAFE becomes `#<code point>;`. */
export function mermaidText(text: string): string {
  return [...text].map((ch) => (SAFE.test(ch) ? ch : `#${ch.codePointAt(0)};`)).join('');
}

export function mermaidFlowchart(nodes: GraphNode[], edges: GraphEdge[]): string[] {
  const ids = new Map(nodes.map((n, i) => [n.name, `s${i}`]));
  const lines = ['flowchart LR'];
  for (const n of nodes) {
    const label = `"${mermaidText(n.name)}<br/>${mermaidText(n.detail)}"`;
    lines.push(`  ${ids.get(n.name)}${n.chart ? `[(${label})]` : `[${label}]`}`);
  }
  for (const e of edges) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    // An edge to a service that is not a node would create a stray node named like the id.
    if (from === undefined || to === undefined) continue;
    lines.push(`  ${from} ${e.enforced ? '-->' : '-.->'}|"${mermaidText(e.label)}"| ${to}`);
  }
  return lines;
}
