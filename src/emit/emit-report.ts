/**
 * The migration report: MIGRATION.md for the people who approve the move, migration-report.json
 * with the same facts for tools, and its JSON schema beside it (the JSON's `$schema` points there,
 * so editors and CI can validate it offline, against the schema of the version that wrote it).
 * Names of secrets appear, never values.
 */
import { reportFacts, REPORT_SCHEMA_FILE, type ReportInput } from './report-facts.js';
import { reportMarkdown } from './report-markdown.js';
import { migrationReportSchema } from './report-schema.js';

export type { ReportInput } from './report-facts.js';

export function emitReport(input: ReportInput): { path: string; text: string }[] {
  const facts = reportFacts(input);
  return [
    { path: 'MIGRATION.md', text: reportMarkdown(facts, backToSources(input.outDir)) },
    { path: 'migration-report.json', text: `${JSON.stringify(facts, null, 2)}\n` },
    { path: REPORT_SCHEMA_FILE, text: reportSchemaText() },
  ];
}

/**
 * The way from the output folder back to the working directory ("out" → ".."), which positions
 * are relative to; undefined when it would need folder names (an --out above the working directory).
 */
export function backToSources(outDir: string): string | undefined {
  const segments = outDir.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return undefined;
  return segments.map(() => '..').join('/') || '.';
}

/** The schema as published (schemas/migration-report.schema.json holds the same bytes). */
export function reportSchemaText(): string {
  return `${JSON.stringify(migrationReportSchema, null, 2)}\n`;
}
