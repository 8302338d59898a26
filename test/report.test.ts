/**
 * The migration report (MIGRATION.md + migration-report.json), for every golden fixture: the JSON
 * matches its published schema, no secret value reaches either file, every Note of the translation
 * is in both, Markdown tables keep their columns, and the Mermaid graph parses with Mermaid itself.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { generate, type PipelineInput } from '../src/pipeline.js';
import { backToSources, reportSchemaText } from '../src/emit/emit-report.js';
import { cell, code, sourceLink } from '../src/emit/markdown-text.js';
import { mermaidFlowchart } from '../src/emit/mermaid-graph.js';
import { REPORT_SCHEMA_FILE, type MigrationReport } from '../src/emit/report-facts.js';
import { discoverComposeFiles, folderExists, makeReader, readMappingFiles } from '../src/io.js';
import { generateFixture, listFixtures, readExpected, REPO_ROOT, type Fixture } from './support/fixtures.js';
import { parseMermaid } from './support/mermaid.js';

const PUBLISHED_SCHEMA = readFileSync(join(REPO_ROOT, 'schemas', REPORT_SCHEMA_FILE), 'utf8');
const validateReport = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(JSON.parse(PUBLISHED_SCHEMA) as object);

/** Values planted in fixture inputs that are secrets and must never be printed in the report. */
const PLANTED: Record<string, string[]> = {
  'report-secrets': [
    'planted-dotenv-pw-e41b', 'planted-url-pw-5b1e', 'planted-apikey-c07d', 'planted-rule-seed-91aa',
    'planted-amqp-pw-3f2c', 'planted-root-pw-77e0',
  ],
};

const fixtures = listFixtures();

/** The pipeline's input for a fixture, as buildTree makes it, so the test sees the Project too. */
function pipelineInput(fixture: Fixture, environment: Record<string, string> = fixture.config.env ?? {}): PipelineInput {
  const cwd = fixture.inputDir;
  const reader = makeReader(cwd);
  return {
    composeFiles: fixture.config.file ?? discoverComposeFiles(cwd),
    envFiles: fixture.config.envFile ?? [],
    environment,
    profiles: fixture.config.profile ?? [],
    projectName: fixture.config.name ?? basename(cwd),
    mappingFiles: folderExists(cwd, 'mappings') ? readMappingFiles(cwd, 'mappings') ?? [] : [],
    outDir: 'out',
    readFile: reader.readFile,
    listDir: reader.listDir,
  };
}

/** Splits a Markdown table row on the pipes that are not escaped. */
function tableCells(row: string): string[] {
  return row.trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/);
}

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

describe('published report schema', () => {
  it('is the schema the emitter writes, byte for byte', () => {
    expect(PUBLISHED_SCHEMA).toBe(reportSchemaText());
  });

  it('rejects a report that carries a field it does not know (such as an env value)', () => {
    const report = JSON.parse(readExpected(fixtures[0]!).get('migration-report.json')!) as MigrationReport;
    const service = report.services.find((s) => s.env.length > 0)!;
    (service.env[0] as unknown as Record<string, unknown>).value = 'leaked';
    expect(validateReport(report)).toBe(false);
    expect(validateReport.errors?.map((e) => e.message)).toContain('must NOT have additional properties');
  });
});

describe.each(fixtures.map((f) => [f.name, f] as const))('report of %s', (_name, fixture) => {
  const expected = readExpected(fixture);
  const markdown = expected.get('MIGRATION.md') ?? '';
  const json = expected.get('migration-report.json') ?? '';

  it('has a migration-report.json that matches the published schema it points at', () => {
    const report = JSON.parse(json) as MigrationReport;
    const valid = validateReport(report);
    expect(validateReport.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(report.$schema).toBe(`./${REPORT_SCHEMA_FILE}`);
    expect(expected.get(REPORT_SCHEMA_FILE)).toBe(PUBLISHED_SCHEMA);
  });

  it('never prints a secret value', () => {
    const run = generateFixture(fixture);
    const planted = PLANTED[fixture.name] ?? [];
    // The planted values are secrets the translation found, so their absence below means something.
    for (const value of planted) expect(run.secretValues).toContain(value);
    const values = [...new Set([...run.secretValues, ...planted])];
    expect(values.length > 0 || !json.includes('"class": "secret"')).toBe(true);
    for (const path of ['MIGRATION.md', 'migration-report.json']) {
      const text = run.tree!.get(path)!;
      for (const value of values) expect(text.includes(value), `${path} contains the secret value "${value}"`).toBe(false);
    }
  });

  it('reports every Note of the translation, in the JSON and in MIGRATION.md', () => {
    const result = generate(pipelineInput(fixture));
    const notes = result.project!.notes;
    const report = JSON.parse(result.tree!.get('migration-report.json')!) as MigrationReport;
    const inReport = [
      ...report.notes.map((k) => ({ service: undefined as string | undefined, ...k })),
      ...report.services.flatMap((s) => s.keys.map((k) => ({ service: s.service as string | undefined, ...k }))),
    ];
    const id = (n: { service?: string | undefined; key: string; status: string; message: string; action?: string | null }) =>
      JSON.stringify([n.service ?? null, n.key, n.status, n.message, n.action ?? null]);
    expect(inReport.length).toBe(notes.length);
    expect(inReport.map(id).sort()).toEqual(notes.map(id).sort());
    const md = result.tree!.get('MIGRATION.md')!;
    for (const n of notes) expect(md, `MIGRATION.md lacks "${n.message}"`).toContain(cell(n.message));
    const counts = report.summary.keys;
    expect(counts.translated + counts.approximated + counts.notTranslated).toBe(notes.length);
  });

  it('keeps every Markdown table rectangular', () => {
    const lines = markdown.split('\n');
    let tables = 0;
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]!.startsWith('|') || lines[i - 1]?.startsWith('|')) continue;
      tables++;
      const width = tableCells(lines[i]!).length;
      expect(lines[i + 1], `table at line ${i + 1} has no separator row`).toMatch(/^\|( --- \|)+$/);
      for (let j = i; j < lines.length && lines[j]!.startsWith('|'); j++) {
        expect(lines[j]!.endsWith('|'), `line ${j + 1} does not close its row`).toBe(true);
        expect(tableCells(lines[j]!).length, `line ${j + 1}: ${lines[j]}`).toBe(width);
      }
    }
    expect(tables).toBeGreaterThanOrEqual(2);
  });

  it('draws a dependency graph that Mermaid parses', async () => {
    const blocks = mermaidBlocks(markdown);
    expect(blocks).toHaveLength(1);
    await expect(parseMermaid(blocks[0]!)).resolves.toBe('flowchart-v2');
    const report = JSON.parse(json) as MigrationReport;
    // One node per service and one edge per dependency, whatever the names.
    expect(blocks[0]!.split('\n').filter((l) => /^ {2}s\d+\[/.test(l))).toHaveLength(report.services.length);
    expect(blocks[0]!.split('\n').filter((l) => / -\.?->\|/.test(l))).toHaveLength(report.dependencies.length);
  });

  it('links every service in the summary to its section', () => {
    const report = JSON.parse(json) as MigrationReport;
    const summary = markdown.slice(markdown.indexOf('## Summary'), markdown.indexOf('## Dependencies'));
    for (const s of report.services) {
      const anchor = new RegExp(`\\[${s.service.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\]\\(#([^)]+)\\)`).exec(summary)?.[1];
      expect(anchor, `no link for ${s.service}`).toBeDefined();
      expect(markdown).toContain(`### Service ${code(s.service)}`);
    }
  });
});

describe('secrets of the platform', () => {
  it('keeps values from the environment out of the report', () => {
    const platform = fixtures.find((f) => f.name === 'platform')!;
    const planted = { POSTGRES_PASSWORD: 'planted-env-pg-pw-0c9d', SESSION_SECRET: 'planted-env-session-2d7a' };
    const result = generate(pipelineInput(platform, planted));
    expect(result.secretValues).toEqual(expect.arrayContaining(Object.values(planted)));
    for (const path of ['MIGRATION.md', 'migration-report.json']) {
      for (const value of Object.values(planted)) expect(result.tree!.get(path)!).not.toContain(value);
    }
    // …while values-dev.yaml does carry them: the values were really in play.
    expect(result.tree!.get('chart/values-dev.yaml')).toContain(planted.POSTGRES_PASSWORD);
  });
});

describe('mermaid graph', () => {
  it('survives names that are Mermaid syntax', async () => {
    const names = ['end', 'a"b', 'x|y', '[z]', 'a-b', 'a_b', 'graph', 'click', 'q<br/>r', '-->'];
    const lines = mermaidFlowchart(
      names.map((name) => ({ name, detail: 'Deployment "x" | (y)', chart: name === 'end' })),
      names.slice(1).map((name, i) => ({ from: names[i]!, to: name, label: `service_started: waits for "${name}" | [done]`, enforced: i % 2 === 0 })),
    );
    await expect(parseMermaid(lines.join('\n'))).resolves.toBe('flowchart-v2');
    expect(new Set(lines.slice(1, 1 + names.length).map((l) => l.trim().split(/[[(]/)[0])).size).toBe(names.length);
  });

  it('is checked by a parser that rejects a broken label (control)', async () => {
    await expect(parseMermaid('flowchart LR\n  s0["a"b"]\n')).rejects.toThrow(/Parse error/);
    await expect(parseMermaid('flowchart LR\n  end["x"]\n')).rejects.toThrow(/Parse error/);
  });
});

describe('source links', () => {
  it.each([
    ['out', '..'],
    ['build/report', '../..'],
    ['.', '.'],
    ['../elsewhere', undefined],
  ])('from --out %s the sources are at %s', (out, back) => {
    expect(backToSources(out)).toBe(back);
  });

  it('opens the file at the line, or prints the position when there is no way back', () => {
    expect(sourceLink('docker-compose.yml:19:5', '..')).toBe('[docker-compose.yml:19](../docker-compose.yml#L19)');
    expect(sourceLink('sub dir/compose.yaml:3:1', '..')).toBe('[sub dir/compose.yaml:3](../sub%20dir/compose.yaml#L3)');
    expect(sourceLink('compose.yaml:3:1', undefined)).toBe('compose.yaml:3');
    expect(sourceLink(null, '..')).toBe('');
  });
});
