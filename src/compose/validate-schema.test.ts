import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument, type CollectionTag, type ScalarTag } from 'yaml';
import type { Diagnostic, SourceRef } from '../diagnostics/diagnostic.js';
import { makeLocator } from './locate.js';
import { validateComposeSchema } from './validate-schema.js';

function parse(text: string, file = 'compose.yaml') {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { merge: true, lineCounter });
  expect(doc.errors).toEqual([]);
  return { doc, data: doc.toJS() as unknown, locate: makeLocator(doc, lineCounter, file) };
}

function check(text: string, file = 'compose.yaml'): Diagnostic[] {
  const { data, locate } = parse(text, file);
  return validateComposeSchema(data, locate);
}

const lines = (...rows: string[]) => `${rows.join('\n')}\n`;

describe('validateComposeSchema', () => {
  it('accepts a valid minimal file', () => {
    expect(check(lines('services:', '  web:', '    image: nginx:1.27'))).toEqual([]);
  });

  it('accepts a fuller valid file, including ${VAR} strings in numeric fields', () => {
    const text = lines(
      'name: shop',
      'x-common: &common',
      '  restart: unless-stopped',
      'services:',
      '  web:',
      '    <<: *common',
      '    image: nginx',
      '    ports: [80, "8080:80", {target: 443, published: "${HTTPS_PORT}"}]',
      '    environment: [A=1, B]',
      '    deploy: {replicas: "${REPLICAS:-2}"}',
      '    healthcheck: {test: [CMD, "true"], interval: 10s, retries: 3}',
      '    depends_on: {db: {condition: service_healthy}}',
      '  db:',
      '    image: postgres',
      '    environment: {POSTGRES_DB: shop, DEBUG: true, EMPTY: null}',
      'volumes:',
      '  data: {}',
      'networks:',
      '  front: {driver: bridge}',
    );
    expect(check(text)).toEqual([]);
  });

  it('reports a misspelled service key at the key, with a did-you-mean hint', () => {
    const diagnostics = check(lines('services:', '  web:', '    image: nginx', '    imagee: nginx'));
    expect(diagnostics).toEqual([
      {
        code: 'COMPOSE_SCHEMA',
        severity: 'error',
        message: 'service "web": unknown key "imagee"',
        hint: 'did you mean "image"?',
        at: { file: 'compose.yaml', line: 4, col: 5 },
      },
    ]);
  });

  it('reports a misspelled top-level key', () => {
    const diagnostics = check(lines('servces:', '  web:', '    image: nginx'));
    expect(diagnostics).toEqual([
      {
        code: 'COMPOSE_SCHEMA',
        severity: 'error',
        message: 'top-level: unknown key "servces"',
        hint: 'did you mean "services"?',
        at: { file: 'compose.yaml', line: 1, col: 1 },
      },
    ]);
  });

  it('names the nested object of an unknown key and lists small key sets', () => {
    const diagnostics = check(
      lines('services:', '  db:', '    image: postgres', '    healthcheck:', '      intervall: 5s', '      bogus: 1'),
    );
    expect(diagnostics.map((d) => [d.message, d.hint, d.at?.line])).toEqual([
      ['service "db": unknown key "intervall" in healthcheck', 'did you mean "interval"?', 5],
      [
        'service "db": unknown key "bogus" in healthcheck',
        'expected one of: disable, interval, retries, test, timeout, start_period, start_interval',
        6,
      ],
    ]);
  });

  it('reports wrong types the schema really rejects, at the value', () => {
    const diagnostics = check(
      lines(
        'services:',
        '  web:',
        '    image: nginx',
        '    ports: {a: 1}',
        '    deploy: {replicas: [1]}',
        '    restart: 5',
        '  db:',
        '    image: postgres',
        '    healthcheck: {interval: 5}',
      ),
    );
    expect(diagnostics.map((d) => [d.message, d.at])).toEqual([
      ['service "web": ports must be a list', { file: 'compose.yaml', line: 4, col: 12 }],
      ['service "web": deploy.replicas must be an integer or a string', { file: 'compose.yaml', line: 5, col: 24 }],
      ['service "web": restart must be a string', { file: 'compose.yaml', line: 6, col: 14 }],
      ['service "db": healthcheck.interval must be a string', { file: 'compose.yaml', line: 9, col: 29 }],
    ]);
    expect(diagnostics.every((d) => d.code === 'COMPOSE_SCHEMA' && d.severity === 'error')).toBe(true);
  });

  it('collapses a failed oneOf into exactly one diagnostic for that path', () => {
    const diagnostics = check(lines('services:', '  web:', '    image: nginx', '    ports:', '      - true'));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      message: 'service "web": ports[0] must be a number, a string or a port mapping',
      at: { line: 5, col: 9 },
    });
  });

  it('collapses list_or_dict (environment) the same way', () => {
    const diagnostics = check(lines('services:', '  web:', '    image: nginx', '    environment: 5'));
    expect(diagnostics.map((d) => d.message)).toEqual(['service "web": environment must be a mapping or a list']);
  });

  it('prefers the error inside the oneOf branch whose type matches', () => {
    const diagnostics = check(
      lines(
        'services:',
        '  web:',
        '    image: nginx',
        '    ports: [{target: 80, protocoll: tcp}]',
        '    environment: {A: {nested: 1}}',
        '    cpu_count: -1',
        '    depends_on: {db: {condition: service_healthyy}}',
      ),
    );
    expect(diagnostics.map((d) => [d.message, d.hint])).toEqual([
      ['service "web": unknown key "protocoll" in ports[0]', 'did you mean "protocol"?'],
      ['service "web": environment.A must be a string, a number, a boolean or null', undefined],
      ['service "web": cpu_count must be >= 0', undefined],
      [
        'service "web": depends_on.db.condition must be one of "service_started", "service_healthy", "service_completed_successfully"',
        'did you mean "service_healthy"?',
      ],
    ]);
  });

  it('names volumes, networks and bad service names', () => {
    const diagnostics = check(
      lines(
        'services:',
        '  my web: {image: nginx}',
        'volumes:',
        '  data:',
        '    driverr: local',
        'networks:',
        '  back:',
        '    external: 5',
      ),
    );
    expect(diagnostics.map((d) => [d.message, d.hint])).toEqual([
      ['invalid service name "my web"', 'names may contain only letters, digits, ".", "_" and "-"'],
      ['volume "data": unknown key "driverr"', 'did you mean "driver"?'],
      ['network "back": external must be a boolean, a string or a mapping', undefined],
    ]);
  });

  it('spots the legacy v1 layout and non-mapping documents', () => {
    expect(check(lines('web:', '  image: nginx')).map((d) => [d.message, d.hint])).toEqual([
      ['top-level: unknown key "web"', 'this looks like the legacy Compose v1 layout; put services under "services:"'],
    ]);
    expect(check('# only a comment\n').map((d) => [d.message, d.at])).toEqual([
      ['the compose file must be a mapping', { file: 'compose.yaml', line: 1, col: 1 }],
    ]);
  });

  it('points at duplicates and missing required keys', () => {
    const diagnostics = check(
      lines(
        'services:',
        '  web:',
        '    image: nginx',
        '    ports:',
        '      - {target: 80}',
        '      - {target: 80}',
        '    volumes:',
        '      - {source: data, target: /data}',
      ),
    );
    expect(diagnostics.map((d) => [d.message, d.at?.line])).toEqual([
      ['service "web": ports has duplicate entries: [0] and [1] are identical', 6],
      ['service "web": volumes[0] is missing the required key "type"', 8],
    ]);
  });

  it('locates errors in values merged in with <<: where they are written', () => {
    const diagnostics = check(
      lines(
        'x-base: &base',
        '  imagee: nginx',
        '  restart: 5',
        'services:',
        '  web:',
        '    <<: *base',
        '    image: nginx',
      ),
    );
    expect(diagnostics.map((d) => [d.message, d.at?.line, d.at?.col])).toEqual([
      ['service "web": unknown key "imagee"', 2, 3],
      ['service "web": restart must be a string', 3, 12],
    ]);
  });

  it('orders diagnostics deterministically by position, then message', () => {
    const text = lines(
      'services:',
      '  b:',
      '    image: nginx',
      '    restart: 5',
      '    imagee: x',
      '  a:',
      '    image: [1]',
      '    environment: 5',
      'servces: {}',
    );
    const first = check(text);
    expect(first.map((d) => d.at?.line)).toEqual([4, 5, 7, 8, 9]);
    expect(check(text)).toEqual(first);

    // Across files, then messages at the same position; unpositioned diagnostics last.
    const { data } = parse(lines('services:', '  web:', '    restart: 5', '    imagee: x', '    ports: true'));
    const where: Record<string, SourceRef | undefined> = {
      'services/web/restart': { file: 'b.yaml', line: 1, col: 1 },
      'services/web/imagee': { file: 'a.yaml', line: 9, col: 1 },
      'services/web/ports': { file: 'a.yaml', line: 9, col: 1 },
    };
    const fake = (path: (string | number)[]) => (path.length === 3 ? where[path.join('/')] : undefined);
    expect(validateComposeSchema(data, fake).map((d) => [d.at?.file, d.message])).toEqual([
      ['a.yaml', 'service "web": ports must be a list'],
      ['a.yaml', 'service "web": unknown key "imagee"'],
      ['b.yaml', 'service "web": restart must be a string'],
    ]);
    expect(validateComposeSchema(data, () => undefined).map((d) => d.message)).toEqual([
      'service "web": ports must be a list',
      'service "web": restart must be a string',
      'service "web": unknown key "imagee"',
    ]);
  });
});

describe('makeLocator', () => {
  const text = lines(
    'x-a: &a',
    '  image: from-a',
    '  restart: always',
    'x-b: &b',
    '  image: from-b',
    '  user: root',
    'services:',
    '  web:',
    '    <<: [*a, *b]',
    '    restart: "no"',
    '    ports:',
    '      - "80:80"',
    '      - target: 443',
    '  alias: *b',
    '  empty:',
    '    image:',
  );
  const { locate } = parse(text, 'dir/compose.yaml');
  const pos = (line: number, col: number) => ({ file: 'dir/compose.yaml', line, col });

  it('finds keys and values, and sequence items by index', () => {
    expect(locate(['services', 'web'], 'key')).toEqual(pos(8, 3));
    expect(locate(['services', 'web', 'restart'], 'value')).toEqual(pos(10, 14));
    expect(locate(['services', 'web', 'ports', 1], 'value')).toEqual(pos(13, 9));
    expect(locate(['services', 'web', 'ports', 1, 'target'], 'key')).toEqual(pos(13, 9));
    expect(locate(['services', 'web', 'ports', '0'], 'key')).toEqual(pos(12, 9));
    expect(locate([], 'value')).toEqual(pos(1, 1));
  });

  it('follows merge keys: own keys first, then earlier merge sources', () => {
    expect(locate(['services', 'web', 'restart'], 'key')).toEqual(pos(10, 5));
    expect(locate(['services', 'web', 'image'], 'value')).toEqual(pos(2, 10));
    expect(locate(['services', 'web', 'user'], 'key')).toEqual(pos(6, 3));
  });

  it('follows aliases, points at the key of an empty value, and gives up on unknown paths', () => {
    expect(locate(['services', 'alias', 'user'], 'value')).toEqual(pos(6, 9));
    expect(locate(['services', 'alias'], 'value')).toEqual(pos(14, 10));
    expect(locate(['services', 'empty', 'image'], 'value')).toEqual(pos(16, 5));
    expect(locate(['services', 'nope'], 'key')).toBeUndefined();
    expect(locate(['services', 'web', 'ports', 5], 'value')).toBeUndefined();
    expect(locate(['services', 'web', 'restart', 'deeper'], 'value')).toBeUndefined();
  });
});

describe('generated validator', () => {
  it('is up to date with schemas/compose-spec.json and scripts/compile-schemas.mjs', async () => {
    const script = new URL('../../scripts/compile-schemas.mjs', import.meta.url).href;
    const { generate, outputs } = (await import(script)) as {
      generate: () => { validator: string; types: string };
      outputs: { validator: URL; types: URL };
    };
    const fresh = generate();
    const stale = 'stale generated file: run `npm run compile-schemas`';
    expect(readFileSync(outputs.validator, 'utf8') === fresh.validator, stale).toBe(true);
    expect(readFileSync(outputs.types, 'utf8')).toBe(fresh.types);
  });

  it('loads in plain Node (ajv runtime imports resolve) and runs a check that uses them', () => {
    const url = new URL('./generated/compose-schema-validator.js', import.meta.url).href;
    const program = `
      const { default: validate } = await import(${JSON.stringify(url)});
      const ok = validate({ services: { web: { ports: [{ target: 1 }, { target: 1 }] } } });
      console.log(JSON.stringify([ok, validate.errors.map((e) => e.keyword)]));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual([false, ['uniqueItems']]);
  });
});

// ---------------------------------------------------------------------------------------------
// Corpus: every compose file in shared/corpus agrees with MANIFEST.json's `schemaValid`.

interface ManifestEntry {
  path: string;
  kind: string;
  schemaValid?: boolean;
  schemaErrors?: string[];
}

const corpus = new URL('../../../shared/corpus/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('MANIFEST.json', corpus), 'utf8')) as { files: ManifestEntry[] };
const composeFiles = manifest.files.filter((f) => f.kind === 'compose');

// compose's `!reset` / `!override` tags: accepted and otherwise ignored.
const composeTags: (ScalarTag | CollectionTag)[] = [
  { tag: '!reset', resolve: () => null },
  { tag: '!override', resolve: (text: string) => text },
  ...(['map', 'seq'] as const).flatMap((collection): CollectionTag[] => [
    { tag: '!reset', collection, resolve: (value) => value },
    { tag: '!override', collection, resolve: (value) => value },
  ]),
];

function checkCorpusFile(path: string): Diagnostic[] {
  const text = readFileSync(fileURLToPath(new URL(path, corpus)), 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { merge: true, lineCounter, customTags: composeTags });
  expect(doc.errors).toEqual([]);
  return validateComposeSchema(doc.toJS(), makeLocator(doc, lineCounter, path));
}

describe('corpus (shared/corpus/MANIFEST.json)', () => {
  it('has both valid and invalid compose files', () => {
    expect(composeFiles.filter((f) => f.schemaValid === true).length).toBeGreaterThan(100);
    expect(composeFiles.filter((f) => f.schemaValid === false).length).toBeGreaterThan(10);
  });

  it.each(composeFiles.filter((f) => f.schemaValid === true).map((f) => f.path))('valid: %s', (path) => {
    expect(checkCorpusFile(path)).toEqual([]);
  });

  it.each(composeFiles.filter((f) => f.schemaValid === false).map((f) => [f.path, f.schemaErrors ?? []] as const))(
    'invalid: %s',
    (path, schemaErrors) => {
      const diagnostics = checkCorpusFile(path);
      expect(diagnostics.length).toBeGreaterThan(0);
      expect(diagnostics.length).toBeGreaterThanOrEqual(schemaErrors.length);
      // MANIFEST's (possibly truncated) error list names the culprits: `… (web)`, `/services/nil …`.
      for (const error of schemaErrors) {
        const name = /\(([^)]+)\)$/.exec(error)?.[1] ?? /^\/services\/([^/ ]+)/.exec(error)?.[1];
        if (name) expect(diagnostics.some((d) => d.message.includes(`"${name}"`)), error).toBe(true);
      }
      for (const d of diagnostics) {
        expect(d.code).toBe('COMPOSE_SCHEMA');
        expect(d.at?.file).toBe(path);
      }
    },
  );
});
