/** The chart's README.md: what it deploys and a table of every value, from the values model. */
import type { Project } from '../model/project.js';
import type { ValueEntry } from './values-builder.js';

export function chartReadme(project: Project, entries: readonly ValueEntry[]): string {
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
    '| key | default | description |',
    '| --- | --- | --- |',
    ...entries.map((e) => `| \`${e.path.join('.')}\` | \`${cell(JSON.stringify(e.value))}\` | ${cell(e.comment)} |`),
    '',
  ];
  return lines.join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
