/** The chart's README.md: what it deploys and a table of every value, from the values model. */
import type { Project } from '../model/project.js';
import type { ValueEntry } from './values-builder.js';
import { cell } from './markdown-text.js';

export function chartReadme(project: Project, entries: readonly ValueEntry[], sectionComment: (path: string[]) => string | undefined = () => undefined): string {
  const lines = [
    `# ${project.chart.name}`,
    '',
    `${project.chart.description}. See MIGRATION.md beside this chart for every decision.`,
    '',
    '## Workloads',
    '',
    '| compose service | kind | values key |',
    '| --- | --- | --- |',
    ...project.workloads.map((w) => `| ${w.service} | ${w.kind} | \`${w.valuesKey}\` |`),
    ...project.dependencies.map((d) => `| ${d.service} | chart ${d.chart} ${d.version} | \`${d.valuesKey}\` |`),
    '',
    '## Install',
    '',
    '```sh',
    ...(project.dependencies.length > 0 ? ['helm dependency build chart/'] : []),
    `helm install ${project.chart.name} chart/ -f chart/values-dev.yaml   # development`,
    ...(project.secrets.length > 0
      ? [`helm install ${project.chart.name} chart/ --set secrets.existingSecret=my-secrets   # production`]
      : [`helm install ${project.chart.name} chart/   # production`]),
    '```',
    '',
    '## Values',
    '',
    'Production defaults are in `values.yaml`; `values-dev.yaml` overrides them for development.',
    '`values.schema.json` makes Helm refuse a wrongly typed or unknown key.',
    '',
    ...valuesTables(entries, sectionComment),
  ];
  return lines.join('\n');
}

/** One table per top-level key (a service, `secrets`, `networkPolicy`, …), in values.yaml order. */
function valuesTables(entries: readonly ValueEntry[], sectionComment: (path: string[]) => string | undefined): string[] {
  const groups = new Map<string, ValueEntry[]>();
  for (const e of entries) {
    const top = e.path.length > 1 ? e.path[0]! : '';
    groups.set(top, [...(groups.get(top) ?? []), e]);
  }
  return [...groups].flatMap(([top, group]) => {
    const about = top ? sectionComment([top]) : undefined;
    return [
      ...(top ? [`### \`${top}\``, '', ...(about ? [about, ''] : [])] : []),
      '| key | default | description |',
      '| --- | --- | --- |',
      ...group.map((e) => `| \`${e.path.join('.')}\` | ${defaultCell(e.value)} | ${cell(e.comment)} |`),
      '',
    ];
  });
}

/** Scalars as code; objects and lists as compact JSON, empty ones named plainly. */
function defaultCell(value: unknown): string {
  if (value === '') return '`""`';
  if (Array.isArray(value) && value.length === 0) return '`[]`';
  if (value !== null && typeof value === 'object' && Object.keys(value).length === 0) return '`{}`';
  return `\`${cell(typeof value === 'string' ? value : JSON.stringify(value))}\``;
}
