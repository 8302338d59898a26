/**
 * skaffold.yaml, beyond the schema: for every golden fixture (the platform included) it passes
 * the v4beta11 schema with apiVersion/kind checked on their own, its patches and value templates
 * point at things that exist, its build paths resolve from out/, and its port-forwards name
 * Services that the chart really renders under the release name skaffold uses. Broken documents
 * show the checks can fail. The corpus files with `build:` go through the same checks.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { SKAFFOLD_API_VERSION, skaffoldImageVar } from '../src/emit/emit-skaffold.js';
import { relativeWithin } from '../src/emit/relative-path.js';
import { validateSkaffold } from '../src/emit/validate-skaffold.js';
import { buildTree } from '../src/cli/run-migrate.js';
import { FIXTURES_DIR, SHARED_DIR, generateFixture, listFixtures, migrateOptions, platformFixture } from './support/fixtures.js';
import { helmTemplate, withDependencyStandIns } from './support/helm.js';
import { buildArgProblems, patchProblems, patchTargetExists, resolvePointer, skaffoldProblems, valueTemplateProblems } from './support/skaffold-checks.js';

interface Artifact { image: string; context: string; docker?: { dockerfile?: string; buildArgs?: Record<string, unknown> } }
interface Forward { resourceType: string; resourceName: string; port: number; localPort: number }
interface SkaffoldDoc {
  apiVersion: string;
  kind: string;
  build?: { local?: { push?: boolean }; artifacts: Artifact[] };
  manifests: { helm: { releases: { name: string; chartPath: string; valuesFiles: string[]; setValueTemplates?: Record<string, string> }[] } };
  profiles: { name: string; activation?: { command?: string }[]; patches?: { op: string; path: string; value?: unknown }[]; portForward?: Forward[] }[];
}

const readSkaffold = (dir: string) => readFileSync(join(dir, 'skaffold.yaml'), 'utf8');

describe.each(listFixtures().map((f) => [f.name, f] as const))('skaffold.yaml of %s', (_name, fixture) => {
  // Read inside each test: a fixture without expected/ yet fails its own tests, not the file.
  const load = () => {
    const text = readSkaffold(fixture.expectedDir);
    return { text, doc: parse(text) as SkaffoldDoc, values: readFileSync(join(fixture.expectedDir, 'chart', 'values.yaml'), 'utf8') };
  };

  it('passes the v4beta11 schema, with apiVersion and kind checked separately', () => {
    const { text, doc } = load();
    expect(validateSkaffold(text)).toEqual([]);
    expect(parseAllDocuments(text)).toHaveLength(1);
    expect(doc.apiVersion).toBe('skaffold/v4beta11');
    expect(doc.kind).toBe('Config');
  });

  it('has patches, value templates and build args that point at real things', () => {
    const { text, doc, values } = load();
    expect(skaffoldProblems(text, values)).toEqual([]);
    const release = doc.manifests.helm.releases[0]!;
    expect(release.chartPath).toBe('chart');
    expect(release.valuesFiles).toEqual(['chart/values.yaml']);
    expect(existsSync(join(fixture.expectedDir, 'chart', 'Chart.yaml'))).toBe(true);
    // Every artifact is wired into the values of at least one service.
    const wired = Object.values(release.setValueTemplates ?? {}).join(' ');
    for (const a of doc.build?.artifacts ?? []) expect(wired).toContain(`{{.IMAGE_REPO_${skaffoldImageVar(a.image)}}}`);
  });

  it('has dev (values-dev.yaml, on skaffold dev) and prod profiles', () => {
    const { text, doc, values } = load();
    const dev = doc.profiles.find((p) => p.name === 'dev')!;
    expect(dev.activation).toContainEqual({ command: 'dev' });
    expect(dev.patches).toContainEqual({ op: 'add', path: '/manifests/helm/releases/0/valuesFiles/-', value: 'chart/values-dev.yaml' });
    expect(existsSync(join(fixture.expectedDir, 'chart', 'values-dev.yaml'))).toBe(true);
    const prod = doc.profiles.find((p) => p.name === 'prod')!;
    expect(JSON.stringify(prod)).not.toContain('values-dev');
    if (doc.build) expect(doc.build.local?.push).toBe(false);
  });

  it('has build contexts and Dockerfiles that resolve from out/', () => {
    const { text, doc, values } = load();
    // The expected tree stands in for out/, which lives in the input folder.
    const outDir = join(fixture.inputDir, 'out');
    // The platform's repo holds its compose file but not the services' sources.
    const sourcesShipped = fixture.name !== 'platform';
    for (const a of doc.build?.artifacts ?? []) {
      expect(a.context.startsWith('../'), `${a.image}: context ${a.context} is relative to out/`).toBe(true);
      const context = resolve(outDir, a.context);
      if (sourcesShipped) expect(existsSync(context) && statSync(context).isDirectory(), `${a.image}: context ${a.context}`).toBe(true);
      const dockerfile = resolve(context, a.docker?.dockerfile ?? 'Dockerfile');
      if (dockerfile.startsWith(outDir)) {
        expect(existsSync(join(fixture.expectedDir, dockerfile.slice(outDir.length))), `${a.image}: ${a.docker?.dockerfile}`).toBe(true);
      } else if (sourcesShipped) {
        expect(existsSync(dockerfile), `${a.image}: ${a.docker?.dockerfile ?? 'Dockerfile'}`).toBe(true);
      }
    }
  });

  it('forwards ports of Services the chart renders under the release name skaffold uses', () => {
    const { text, doc, values } = load();
    const forwards = doc.profiles.flatMap((p) => p.portForward ?? []);
    if (forwards.length === 0) return;
    const chart = withDependencyStandIns(join(fixture.expectedDir, 'chart'));
    try {
      const rendered = helmTemplate(chart, { releaseName: doc.manifests.helm.releases[0]!.name, valuesFiles: [join(chart, 'values-dev.yaml')] });
      expect(rendered.stderr).toBe('');
      const services = new Map<string, number[]>();
      for (const d of parseAllDocuments(rendered.stdout)) {
        const m = d.toJS() as { kind?: string; metadata?: { name?: string }; spec?: { ports?: { port: number }[] } } | null;
        if (m?.kind === 'Service' && m.metadata?.name) services.set(m.metadata.name, (m.spec?.ports ?? []).map((p) => p.port));
      }
      for (const f of forwards) {
        expect(f.resourceType).toBe('service');
        expect(services.get(f.resourceName), `Service ${f.resourceName}`).toContain(f.port);
      }
    } finally {
      rmSync(chart, { recursive: true, force: true });
    }
  });
});

describe('skaffold.yaml checks can fail', () => {
  const platform = platformFixture();
  const text = readSkaffold(platform.expectedDir);
  const values = readFileSync(join(platform.expectedDir, 'chart', 'values.yaml'), 'utf8');
  const broken = (change: (doc: SkaffoldDoc) => void) => {
    const doc = parse(text) as SkaffoldDoc;
    change(doc);
    return stringify(doc);
  };

  it('rejects a patch that points at a missing artifact', () => {
    const bad = broken((d) => d.profiles[1]!.patches = [{ op: 'replace', path: '/build/artifacts/7/docker/dockerfile', value: 'x' }]);
    expect(patchProblems(parse(bad) as never)).toEqual(['profile prod: replace /build/artifacts/7/docker/dockerfile points at nothing']);
    expect(skaffoldProblems(bad, values)).toHaveLength(1);
  });

  it('rejects build args that are not strings, in the schema and in our check', () => {
    const bad = broken((d) => { d.build!.artifacts[0]!.docker = { buildArgs: { WORKERS: 4, DEBUG: true } }; });
    expect(validateSkaffold(bad).join('\n')).toMatch(/buildArgs\/WORKERS must be string/);
    expect(buildArgProblems(parse(bad) as never)).toHaveLength(2);
  });

  it('rejects value templates for a path values.yaml lacks, or an image nobody builds', () => {
    const bad = broken((d) => {
      d.manifests.helm.releases[0]!.setValueTemplates = { 'agent.imag.tag': '{{.IMAGE_TAG_cloudplatform_agent}}', 'agent.image.tag': '{{.IMAGE_TAG_cloudplatform_agnet}}' };
    });
    expect(valueTemplateProblems(parse(bad) as never, values)).toEqual([
      'setValueTemplates agent.imag.tag: values.yaml has no such path',
      'setValueTemplates agent.image.tag: {{.IMAGE_TAG_cloudplatform_agnet}} names no artifact skaffold builds',
    ]);
  });

  it('rejects a wrong apiVersion or kind, which the schema alone would accept', () => {
    const bad = broken((d) => { d.apiVersion = 'skaffold/v2beta29'; d.kind = 'Konfig'; });
    expect(validateSkaffold(bad)).toEqual([
      `document 1: apiVersion is skaffold/v2beta29, expected ${SKAFFOLD_API_VERSION}`,
      'document 1: kind is Konfig, expected Config',
    ]);
  });
});

describe('JSON pointers for profile patches', () => {
  const doc = { a: { list: [1, 2], 'x/y': { '~k': 0 } } };
  it.each([
    ['', true], ['/a', true], ['/a/list/1', true], ['/a/list/2', false], ['/a/list/-', false],
    ['/a/list/01', false], ['/a/x~1y/~0k', true], ['/b', false], ['/a/list/0/z', false],
  ])('resolves %s: %s', (pointer, found) => expect(resolvePointer(doc, pointer).found).toBe(found));
  it.each([
    ['add', '/a/list/-', true], ['add', '/a/list/2', true], ['add', '/a/list/3', false], ['add', '/a/new', true],
    ['add', '/b/new', false], ['replace', '/a/list/-', false], ['replace', '/a/list/0', true], ['remove', '/a/nope', false],
  ])('%s %s can apply: %s', (op, path, ok) => expect(patchTargetExists(doc, op, path)).toBe(ok));
});

describe('image variable names', () => {
  // skaffold.dev/docs/deployers/helm: "/", "-", "." and ":" become "_", registry and all.
  it.each([
    ['localhost/nginx', 'localhost_nginx'],
    ['gcr.io/example-repo/myImage', 'gcr_io_example_repo_myImage'],
    ['gcr.io/example-repo/myImage:1234_container', 'gcr_io_example_repo_myImage_1234_container'],
    ['localhost:5000/team/app', 'localhost_5000_team_app'],
  ])('%s → %s', (image, suffix) => expect(skaffoldImageVar(image)).toBe(suffix));
});

describe('paths between folders, without the process cwd', () => {
  it.each([
    ['app', 'out/dockerfiles/x', '../out/dockerfiles/x'],
    ['.', 'out/x', 'out/x'],
    ['a/b', 'a/c', '../c'],
    ['app', '../deploy/x', '../../deploy/x'],
    ['out', 'out', '.'],
    ['../proj/app', 'out/x', undefined],
  ])('%s → %s = %s', (from, to, expected) => expect(relativeWithin(from, to)).toBe(expected));
});

describe('build details', () => {
  const dir = join(FIXTURES_DIR, 'skaffold-build-options');
  const doc = parse(readSkaffold(join(dir, 'expected'))) as SkaffoldDoc;
  const api = doc.build!.artifacts.find((a) => a.image === 'builds/api')!;

  it('quotes numbers and booleans, keeps a literal {{ literal, and reads a secret-looking arg from the environment', () => {
    expect(api.docker?.buildArgs).toEqual({
      ENABLE_TRACING: 'true', GREETING: '{{"{{"}} not a template }}', NODE_MAJOR: '20', NPM_TOKEN: '{{.NPM_TOKEN}}', RATIO: '0.5',
    });
  });

  it('never writes the secret build arg value anywhere in out/', () => {
    const tree = generateFixture({ name: 'skaffold-build-options', inputDir: join(dir, 'input'), expectedDir: join(dir, 'expected'), config: {} }).tree!;
    for (const [path, content] of tree) expect(content, path).not.toContain('npm-dev-token-4711');
  });

  it('skips, with a warning and a report note, an inline Dockerfile whose context lies above the project folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'c2h-skaffold-'));
    try {
      mkdirSync(join(root, 'proj'));
      writeFileSync(join(root, 'proj', 'compose.yaml'), 'services:\n  tool:\n    build:\n      context: ../lib\n      dockerfile_inline: FROM alpine:3.20\n');
      const result = buildTree(migrateOptions({}), { cwd: join(root, 'proj'), environment: {} });
      const message = 'build.dockerfile_inline with a context outside the project folder cannot be referenced from skaffold.yaml, so skaffold does not build proj/tool';
      expect(result.diagnostics.map((d) => `${d.severity} ${d.at?.line}:${d.at?.col} ${d.message}`)).toEqual([`warning 4:7 service "tool": ${message}`]);
      const skaffold = parse(result.tree!.get('skaffold.yaml')!) as SkaffoldDoc;
      expect(skaffold.build).toBeUndefined();
      expect(validateSkaffold(result.tree!.get('skaffold.yaml')!)).toEqual([]);
      const report = JSON.stringify(JSON.parse(result.tree!.get('migration-report.json')!));
      expect(report).toContain(message);
      expect(report).not.toContain('build → a skaffold artifact');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('corpus files with build:', () => {
  it('convert to a skaffold.yaml that passes the schema and the checks above', () => {
    const corpus = join(SHARED_DIR, 'corpus');
    const manifest = JSON.parse(readFileSync(join(corpus, 'MANIFEST.json'), 'utf8')) as { files: { path: string; kind: string; features?: string[] }[] };
    const files = manifest.files.filter((f) => f.kind === 'compose' && (f.features ?? []).includes('build')).map((f) => f.path).sort();
    expect(files.length).toBeGreaterThan(0);
    const refused: string[] = [];
    let checked = 0;
    let artifacts = 0;
    for (const path of files) {
      const result = buildTree(migrateOptions({}, { file: [basename(path)] }), { cwd: join(corpus, dirname(path)), environment: {} });
      if (!result.tree) {
        refused.push(`${path}: ${result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message).join('; ')}`);
        continue;
      }
      const text = result.tree.get('skaffold.yaml')!;
      expect(validateSkaffold(text), path).toEqual([]);
      expect(skaffoldProblems(text, result.tree.get('chart/values.yaml')!), path).toEqual([]);
      artifacts += (parse(text) as SkaffoldDoc).build?.artifacts.length ?? 0;
      checked++;
    }
    // eslint-disable-next-line no-console
    console.log(`corpus build: ${checked} skaffold.yaml checked (${artifacts} artifacts), ${refused.length} refused before skaffold, of ${files.length}${refused.length ? `\n  ${refused.join('\n  ')}` : ''}`);
    expect(checked).toBeGreaterThan(0);
  });
});
