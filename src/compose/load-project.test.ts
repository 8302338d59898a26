/**
 * loadProject on small in-memory projects: each case pins one compose behaviour (what
 * `docker compose config` resolves the input to) and where the resolved value says it came from.
 */
import { describe, expect, it } from 'vitest';
import { loadProject, type LoadOptions } from './load-project.js';

function load(files: Record<string, string>, options: Partial<LoadOptions> = {}) {
  return loadProject({
    files: ['compose.yaml'], envFiles: [], environment: {}, profiles: [],
    readFile: (path) => files[path], ...options,
  });
}

function service(files: Record<string, string>, name: string, options: Partial<LoadOptions> = {}) {
  const result = load(files, options);
  const errors = result.sink.errors().map((d) => `${d.at?.file}:${d.at?.line}:${d.at?.col} ${d.message}`);
  expect(errors).toEqual([]);
  const found = result.project?.services.find((s) => s.name === name);
  expect(found, `service ${name}`).toBeDefined();
  return found!;
}

const one = (body: string) => ({ 'compose.yaml': `services:\n  app:\n    image: app\n${body}` });

describe('short syntax → long form', () => {
  it.each([
    ['a container port only', '"8080"', [{ target: 8080 }]],
    ['host and container', '"80:8080"', [{ target: 8080, published: 80 }]],
    ['a host IP with no published port', '"127.0.0.1::80"', [{ target: 80, hostIp: '127.0.0.1' }]],
    ['an IPv6 host IP and a protocol', '"[::1]:53:5353/udp"', [{ target: 5353, published: 53, hostIp: '::1', protocol: 'udp' }]],
    ['equal ranges', '"8000-8001:80-81"', [{ target: 80, published: 8000 }, { target: 81, published: 8001 }]],
    ['a published range for one port (the first stands for it)', '"9000-9010:80"', [{ target: 80, published: 9000 }]],
    ['a bare YAML number', '3306', [{ target: 3306 }]],
    ['the long syntax', '{ target: 80, published: "8080", host_ip: 0.0.0.0, protocol: tcp, mode: host }', [{ target: 80, published: 8080, hostIp: '0.0.0.0' }]],
  ])('ports: %s', (_name, entry, expected) => {
    const ports = service(one(`    ports:\n      - ${entry}\n`), 'app').ports;
    expect(ports.map(({ at: _at, ...p }) => p)).toEqual(expected.map((p) => ({ protocol: 'tcp', ...p })));
  });

  it.each([
    ['a named volume', 'data:/var/lib/data', { type: 'volume', source: 'data', target: '/var/lib/data', readOnly: false }],
    ['a read-only relative bind', './conf:/etc/app:ro', { type: 'bind', source: './conf', target: '/etc/app', readOnly: true }],
    ['propagation and SELinux options', '/srv:/srv:rslave,z', { type: 'bind', source: '/srv', target: '/srv', readOnly: false }],
    ['an anonymous volume', '/cache', { type: 'volume', target: '/cache', readOnly: false }],
    ['Windows drive letters on both sides', 'C:\\Users\\data:D:\\config:rw', { type: 'bind', source: 'C:\\Users\\data', target: 'D:\\config', readOnly: false }],
  ])('volumes: %s', (_name, entry, expected) => {
    const files = one(`    volumes:\n      - '${entry}'\nvolumes:\n  data: {}\n`);
    const [mount] = service(files, 'app').volumes;
    const { at: _at, ...rest } = mount!;
    expect(rest).toEqual(expected);
  });

  it('volumes: tmpfs with a size', () => {
    const [mount] = service(one('    volumes:\n      - { type: tmpfs, target: /tmp, tmpfs: { size: 64m } }\n'), 'app').volumes;
    expect(mount).toMatchObject({ type: 'tmpfs', target: '/tmp', sizeBytes: 64 * 1024 ** 2 });
  });

  it('depends_on as a list means service_started, required', () => {
    const files = { 'compose.yaml': 'services:\n  app:\n    image: app\n    depends_on: [db]\n  db:\n    image: db\n' };
    expect(service(files, 'app').dependsOn.map(({ at: _at, ...d }) => d)).toEqual([{ service: 'db', condition: 'service_started', required: true }]);
  });

  it('healthcheck durations, command shell splitting, memory and cpus', () => {
    const app = service(one([
      '    command: sh -c \'echo "hi there"\' --flag=a\\ b',
      '    entrypoint: ["/bin/tini", "--"]',
      '    healthcheck: { test: ["CMD", "true"], interval: 1m30s, timeout: 500ms, start_period: 2h }',
      '    deploy: { resources: { limits: { memory: 1.5G, cpus: "0.5" }, reservations: { memory: 512m } } }',
      '',
    ].join('\n')), 'app');
    expect(app.command).toEqual(['sh', '-c', 'echo "hi there"', '--flag=a b']);
    expect(app.entrypoint).toEqual(['/bin/tini', '--']);
    expect(app.healthcheck).toMatchObject({ kind: 'exec', command: ['true'], intervalSeconds: 90, timeoutSeconds: 0.5, startPeriodSeconds: 7200 });
    expect(app.deploy.limits).toEqual({ memoryBytes: 1.5 * 1024 ** 3, cpuMillis: 500 });
    expect(app.deploy.reservations).toEqual({ memoryBytes: 512 * 1024 ** 2 });
  });

  it('build as a string and as an object', () => {
    const files = { 'compose.yaml': 'services:\n  a:\n    build: ./a\n  b:\n    build: { context: b, dockerfile: Dockerfile.dev, target: dev, args: [X=1, FROM_SHELL, UNSET] }\n' };
    expect(service(files, 'a').build).toMatchObject({ context: './a', args: {} });
    expect(service(files, 'b', { environment: { FROM_SHELL: 'yes' } }).build).toMatchObject({
      context: 'b', dockerfile: 'Dockerfile.dev', target: 'dev', args: { X: '1', FROM_SHELL: 'yes' },
    });
  });

  it('secrets and configs, short and long', () => {
    const app = service(one([
      '    secrets: [db_password, { source: api_key, target: key.txt }]',
      '    configs: [nginx, { source: app, target: /etc/app.conf }]',
      'secrets: { db_password: { file: ./pw }, api_key: { environment: API_KEY } }',
      'configs: { nginx: { file: ./nginx.conf }, app: { content: "x" } }',
      '',
    ].join('\n')), 'app');
    expect(app.secrets.map((s) => [s.source, s.target])).toEqual([['db_password', '/run/secrets/db_password'], ['api_key', '/run/secrets/key.txt']]);
    expect(app.configs.map((s) => [s.source, s.target])).toEqual([['nginx', '/nginx'], ['app', '/etc/app.conf']]);
  });
});

describe('environment', () => {
  it('list and map; a bare key takes the shell value and is left out when unset', () => {
    const files = { 'compose.yaml': 'services:\n  a:\n    image: a\n    environment: [A=1, FROM_SHELL, UNSET]\n  b:\n    image: b\n    environment: { B: 2, FROM_SHELL: null, UNSET: }\n' };
    const env = (name: string) => service(files, name, { environment: { FROM_SHELL: 'shell' } }).environment.map((e) => [e.name, e.value]);
    expect(env('a')).toEqual([['A', '1'], ['FROM_SHELL', 'shell']]);
    expect(env('b')).toEqual([['B', '2'], ['FROM_SHELL', 'shell']]);
  });

  it('env_file long syntax: a missing optional file is skipped, environment wins over env files', () => {
    const files = {
      ...one('    env_file: [{ path: ./base.env }, { path: ./missing.env, required: false }]\n    environment: { B: from-environment }\n'),
      'base.env': 'A=from-file\nB=from-file\n',
    };
    expect(service(files, 'app').environment.map((e) => [e.name, e.value])).toEqual([['A', 'from-file'], ['B', 'from-environment']]);
  });

  it('positions survive interpolation and YAML merge keys', () => {
    const files = { 'compose.yaml': 'x-env: &env\n  LEVEL: ${LEVEL:-info}\nservices:\n  app:\n    image: app\n    environment:\n      <<: *env\n      NAME: app\n' };
    const env = service(files, 'app').environment;
    expect(env.find((e) => e.name === 'LEVEL')).toMatchObject({ value: 'info', at: { file: 'compose.yaml', line: 2, col: 10 } });
    expect(env.find((e) => e.name === 'NAME')).toMatchObject({ at: { line: 8, col: 13 } });
  });
});

describe('several files', () => {
  const base = 'services:\n  app:\n    image: app:1\n    command: [serve]\n    ports: ["80:80"]\n    environment: { A: "1", B: "1" }\n';

  it('merges maps, appends ports, replaces command, honours !reset and !override', () => {
    const files = {
      'compose.yaml': base,
      'compose.override.yaml': 'services:\n  app:\n    command: [serve, --debug]\n    ports: !override ["8080:80"]\n    environment: { B: "2", A: !reset null }\n',
    };
    const app = service(files, 'app', { files: ['compose.yaml', 'compose.override.yaml'] });
    expect(app.command).toEqual(['serve', '--debug']);
    expect(app.ports.map((p) => p.published)).toEqual([8080]);
    expect(app.environment.map((e) => [e.name, e.value])).toEqual([['B', '2']]);
    expect(app.keys.command).toMatchObject({ file: 'compose.override.yaml', line: 3 });
  });

  it('a !reset with nothing to reset removes the key', () => {
    expect(service(one('    command: !reset\n'), 'app').command).toBeUndefined();
  });
});

describe('extends and include', () => {
  it('extends.file: paths rebased to the extended file, inherited keys located there', () => {
    const files = {
      'compose.yaml': 'services:\n  web:\n    extends: { file: common/base.yaml, service: base }\n    environment: { OWN: "1" }\n',
      'common/base.yaml': 'services:\n  base:\n    build: .\n    env_file: [./base.env]\n    volumes: ["./html:/usr/share/html:ro"]\n',
      'common/base.env': 'FROM_BASE=yes\n',
    };
    const web = service(files, 'web');
    expect(web.build?.context).toBe('./common');
    expect(web.volumes[0]).toMatchObject({ type: 'bind', source: './common/html', readOnly: true });
    expect(web.environment.map((e) => [e.name, e.value])).toEqual([['FROM_BASE', 'yes'], ['OWN', '1']]);
    expect(web.keys.build).toEqual({ file: 'common/base.yaml', line: 3, col: 12 });
  });

  it('include: its own project dir and .env; paths rebased into the including project', () => {
    const files = {
      'compose.yaml': 'include:\n  - path: db/compose.yaml\nservices:\n  app:\n    image: app\n    depends_on: [db]\n',
      'db/compose.yaml': 'services:\n  db:\n    image: postgres:${PG_VERSION}\n    volumes: ["./init:/docker-entrypoint-initdb.d"]\n',
      'db/.env': 'PG_VERSION=16\n',
    };
    const db = service(files, 'db');
    expect(db.image).toBe('postgres:16');
    expect(db.volumes[0]).toMatchObject({ source: './db/init' });
    expect(db.at).toEqual({ file: 'db/compose.yaml', line: 3, col: 5 });
  });

  it.each([
    ['an extends cycle', { 'compose.yaml': 'services:\n  a:\n    image: a\n    extends: b\n  b:\n    extends: a\n' }, 'EXTENDS', /extends forms a cycle/],
    ['an unknown extends target', { 'compose.yaml': 'services:\n  base:\n    image: a\n  a:\n    extends: bsae\n' }, 'EXTENDS', /unknown service "bsae"/],
    ['a missing extends file', { 'compose.yaml': 'services:\n  a:\n    extends: { file: nope.yaml, service: x }\n' }, 'EXTENDS', /"nope.yaml" does not exist/],
    ['a remote extends file', { 'compose.yaml': 'services:\n  a:\n    extends: { file: "remote:x.yaml", service: x }\n' }, 'EXTENDS', /remote resource/],
    ['an include cycle', { 'compose.yaml': 'include: [other.yaml]\nservices: {}\n', 'other.yaml': 'include: [compose.yaml]\n' }, 'INCLUDE', /cycle \(compose.yaml → other.yaml → compose.yaml\)/],
    ['a missing include', { 'compose.yaml': 'include: [nope.yaml]\nservices: {}\n' }, 'INCLUDE', /"nope.yaml" does not exist/],
    ['a conflicting included service', { 'compose.yaml': 'include: [other.yaml]\nservices:\n  a:\n    image: a\n', 'other.yaml': 'services:\n  a:\n    image: b\n' }, 'INCLUDE', /service "a" is defined here and, differently/],
  ])('refuses %s with a position', (_name, files, code, message) => {
    const result = load(files);
    const error = result.sink.errors().find((d) => d.code === code);
    expect(error?.message).toMatch(message);
    expect(error?.at?.line).toBeGreaterThan(0);
    expect(result.project).toBeUndefined();
  });
});

describe('profiles', () => {
  const files = {
    'compose.yaml': 'services:\n  app:\n    image: app\n  debug:\n    image: d\n    profiles: [debug]\n    depends_on: [tools]\n  tools:\n    image: t\n    profiles: [tools]\n',
  };
  const names = (options: Partial<LoadOptions>, extra: Record<string, string> = {}) => load({ ...files, ...extra }, options).project?.services.map((s) => s.name);

  it('services with profiles are inactive unless selected; their dependencies come along', () => {
    expect(names({})).toEqual(['app']);
    expect(names({ profiles: ['debug'] })).toEqual(['app', 'debug', 'tools']);
  });

  it('COMPOSE_PROFILES from the shell or from .env, ignored when --profile is given', () => {
    expect(names({ environment: { COMPOSE_PROFILES: 'tools' } })).toEqual(['app', 'tools']);
    expect(names({}, { '.env': 'COMPOSE_PROFILES=debug\n' })).toEqual(['app', 'debug', 'tools']);
    expect(names({ profiles: ['tools'], environment: { COMPOSE_PROFILES: 'debug' } })).toEqual(['app', 'tools']);
  });
});
