/**
 * One service's raw compose data → ComposeService: every short syntax expanded to its long form,
 * env files read, units parsed. Problems are reported with the position of the offending value.
 */
import { posix } from 'node:path';
import type { DiagnosticSink, SourceRef } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import type {
  BuildSpec, ComposeService, DependsOn, DependsOnCondition, DeviceMapping, EnvVar, Healthcheck, PortMapping, VolumeMount,
} from './types.js';
import { byCodeUnit } from '../text/order.js';
import { emptyRecord } from '../text/record.js';
import { parseByteSize, parseCpus, parseDuration } from './units.js';
import { shellSplit } from './shell-split.js';
import { parseDotenv } from './dotenv.js';

export interface NormalizeContext {
  /** Locates a path inside the service (relative to `services.<name>`); falls back to the service. */
  at: (...path: (string | number)[]) => SourceRef;
  sink: DiagnosticSink;
  /** Reads a file relative to the project dir; undefined when missing. */
  readFile: (path: string) => string | undefined;
  /** Variables for bare `KEY` env entries and env files. */
  lookup: (name: string) => string | undefined;
}

type Raw = Record<string, unknown>;

export function normalizeService(name: string, raw: Raw, ctx: NormalizeContext): ComposeService {
  const { at, sink } = ctx;
  const subject = `service "${name}"`;
  const keys: Record<string, SourceRef> = {};
  for (const key of Object.keys(raw).sort()) keys[key] = at(key);

  const service: ComposeService = {
    name,
    at: at(),
    environment: normalizeEnvironment(raw, ctx, subject),
    ports: normalizePorts(raw.ports, ctx, subject),
    expose: normalizeExpose(raw.expose, ctx, subject),
    volumes: normalizeVolumes(raw.volumes, ctx, subject),
    dependsOn: normalizeDependsOn(raw.depends_on, ctx),
    deploy: {},
    privileged: raw.privileged === true || raw.privileged === 'true',
    capAdd: stringList(raw.cap_add),
    capDrop: stringList(raw.cap_drop),
    devices: normalizeDevices(raw.devices, ctx),
    readOnly: raw.read_only === true || raw.read_only === 'true',
    labels: normalizeLabels(raw.labels),
    secrets: normalizeFileRefs(raw.secrets, 'secrets', '/run/secrets/', ctx),
    configs: normalizeFileRefs(raw.configs, 'configs', '/', ctx),
    extraHosts: normalizeExtraHosts(raw.extra_hosts, ctx, subject),
    sysctls: normalizeSysctls(raw.sysctls),
    keys,
  };
  if (typeof raw.image === 'string') service.image = raw.image;
  if (raw.build !== undefined) service.build = normalizeBuild(raw.build, ctx);
  const command = normalizeArgv(raw.command, 'command', ctx, subject);
  if (command) service.command = command;
  const entrypoint = normalizeArgv(raw.entrypoint, 'entrypoint', ctx, subject);
  if (entrypoint) service.entrypoint = entrypoint;
  const healthcheck = normalizeHealthcheck(raw.healthcheck, ctx, subject);
  if (healthcheck) service.healthcheck = healthcheck;
  normalizeDeploy(raw, service, ctx, subject);
  for (const key of ['network_mode', 'pid', 'user', 'working_dir', 'hostname', 'restart'] as const) {
    const value = raw[key];
    if (value === undefined || value === null) continue;
    const text = String(value);
    if (key === 'network_mode') service.networkMode = text;
    else if (key === 'pid') service.pid = text;
    else if (key === 'user') service.user = text;
    else if (key === 'working_dir') service.workingDir = text;
    else if (key === 'hostname') service.hostname = text;
    else service.restart = text;
  }
  if (raw.stop_grace_period !== undefined) {
    const seconds = parseDuration(String(raw.stop_grace_period));
    if (seconds === undefined) durationError(ctx, subject, 'stop_grace_period', raw.stop_grace_period, at('stop_grace_period'));
    else service.stopGracePeriodSeconds = seconds;
  }
  if (raw['x-compose2helm'] !== undefined) service.extension = { value: raw['x-compose2helm'], at: at('x-compose2helm') };
  if (!service.image && !service.build) {
    sink.error('MISSING_IMAGE', `${subject} has neither "image" nor "build"`, at(), 'add an image: or a build: section');
  }
  return service;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function normalizeLabels(value: unknown): Record<string, string> {
  const labels = emptyRecord<string>();
  if (Array.isArray(value)) {
    for (const entry of value) {
      const text = String(entry);
      const eq = text.indexOf('=');
      labels[eq < 0 ? text : text.slice(0, eq)] = eq < 0 ? '' : text.slice(eq + 1);
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) labels[k] = v === null || v === undefined ? '' : String(v);
  }
  return labels;
}

/** env_file first, then `environment:` on top, as compose does; bare keys come from the shell. */
function normalizeEnvironment(raw: Raw, ctx: NormalizeContext, subject: string): EnvVar[] {
  const byName = new Map<string, EnvVar>();
  const envFiles = raw.env_file === undefined ? [] : Array.isArray(raw.env_file) ? raw.env_file : [raw.env_file];
  envFiles.forEach((entry, i) => {
    const spec = typeof entry === 'string' ? { path: entry, required: true } : (entry as { path: string; required?: boolean });
    const where = ctx.at('env_file', ...(Array.isArray(raw.env_file) ? [i] : []));
    const text = ctx.readFile(spec.path);
    if (text === undefined) {
      if (spec.required !== false) {
        ctx.sink.error('FILE_NOT_FOUND', `${subject}: env_file "${spec.path}" does not exist`, where, 'create it, or mark it `required: false`');
      }
      return;
    }
    const parsed = parseDotenv(text, posix.normalize(spec.path), ctx.lookup);
    ctx.sink.add(parsed.diagnostics);
    for (const [name, value] of parsed.values) byName.set(name, { name, value, at: where });
  });
  const env = raw.environment;
  if (Array.isArray(env)) {
    env.forEach((entry, i) => {
      const text = String(entry);
      const eq = text.indexOf('=');
      const name = eq < 0 ? text : text.slice(0, eq);
      const value = eq < 0 ? ctx.lookup(name) : text.slice(eq + 1);
      if (value === undefined) byName.delete(name);
      else byName.set(name, { name, value, at: ctx.at('environment', i) });
    });
  } else if (env && typeof env === 'object') {
    for (const [name, v] of Object.entries(env)) {
      const value = v === null || v === undefined ? ctx.lookup(name) : String(v);
      if (value === undefined) byName.delete(name);
      else byName.set(name, { name, value, at: ctx.at('environment', name) });
    }
  }
  return [...byName.values()];
}

// The host IP must be a dotted quad: a bare `[0-9.]+` would read "3476:3476" as IP 3476.
// The published part may be empty after a host IP (`127.0.0.1::80`: any free host port).
const PORT_SHORT = /^(?:(?:\[([0-9a-fA-F:.]+)\]|(\d{1,3}(?:\.\d{1,3}){3})):)?(?:(\d+)?(?:-(\d+))?:)?(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/;

function normalizePorts(value: unknown, ctx: NormalizeContext, subject: string): PortMapping[] {
  if (!Array.isArray(value)) return [];
  const ports: PortMapping[] = [];
  value.forEach((entry, i) => {
    const at = ctx.at('ports', i);
    if (entry && typeof entry === 'object') {
      const e = entry as Raw;
      const target = Number(e.target);
      const published = e.published === undefined || e.published === '' ? undefined : Number(String(e.published).split('-')[0]);
      if (!validPort(target) || (published !== undefined && !validPort(published))) {
        const bad = !validPort(target) ? `target "${String(e.target)}"` : `published "${String(e.published)}"`;
        ctx.sink.error('INVALID_VALUE', `${subject}: ports[${i}] ${bad} is not a port number`, at, 'ports are whole numbers from 1 to 65535');
        return;
      }
      const port: PortMapping = { target, protocol: protocolOf(e.protocol), at };
      if (published !== undefined) port.published = published;
      if (typeof e.host_ip === 'string') port.hostIp = e.host_ip;
      ports.push(port);
      return;
    }
    const text = String(entry);
    const match = PORT_SHORT.exec(text);
    if (!match) {
      // A misspelt protocol is the usual culprit once the numbers look right.
      const protocol = /\/([A-Za-z]+)$/.exec(text)?.[1];
      const meant = protocol === undefined ? undefined : didYouMean(protocol, ['tcp', 'udp', 'sctp']);
      ctx.sink.error('INVALID_VALUE', `${subject}: ports[${i}] "${text}" is not a port mapping`, at,
        meant ? `did you mean "${text.slice(0, -protocol!.length)}${meant}"?` : 'use "PORT", "HOST:CONTAINER" or "IP:HOST:CONTAINER[/udp]"');
      return;
    }
    const [, ip6, ip4, pubStart, pubEnd, targetStart, targetEnd, proto] = match;
    const tStart = Number(targetStart);
    const tEnd = targetEnd === undefined ? tStart : Number(targetEnd);
    const pStart = pubStart === undefined ? undefined : Number(pubStart);
    const pEnd = pubEnd === undefined ? pStart : Number(pubEnd);
    const count = tEnd - tStart + 1;
    const invalid = !validPort(tStart) || !validPort(tEnd) || count < 1 || (pStart !== undefined && (!validPort(pStart) || !validPort(pEnd!) || pEnd! < pStart));
    // A published range for one container port lets docker pick any free port of the range;
    // the first one stands for it. Otherwise both ranges must be the same length.
    if (invalid || (pStart !== undefined && pEnd! - pStart + 1 !== count && pEnd !== pStart && count !== 1)) {
      ctx.sink.error('INVALID_VALUE', `${subject}: ports[${i}] "${text}" has an invalid port or range`, at, 'ports are 1–65535 and ranges must be the same length');
      return;
    }
    for (let k = 0; k < count; k++) {
      const port: PortMapping = { target: tStart + k, protocol: protocolOf(proto), at };
      if (pStart !== undefined) port.published = pEnd === pStart && count > 1 ? pStart : pStart + k;
      const ip = ip6 ?? ip4;
      if (ip) port.hostIp = ip;
      ports.push(port);
    }
  });
  return ports;
}

function validPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

function protocolOf(value: unknown): PortMapping['protocol'] {
  return value === 'udp' || value === 'sctp' ? value : 'tcp';
}

function normalizeExpose(value: unknown, ctx: NormalizeContext, subject: string): ComposeService['expose'] {
  if (!Array.isArray(value)) return [];
  const out: ComposeService['expose'] = [];
  value.forEach((entry, i) => {
    const match = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp))?$/.exec(String(entry));
    const at = ctx.at('expose', i);
    if (!match || !validPort(Number(match[1])) || (match[2] !== undefined && !validPort(Number(match[2])))) {
      ctx.sink.error('INVALID_VALUE', `${subject}: expose[${i}] "${String(entry)}" is not a port`, at);
      return;
    }
    const end = match[2] === undefined ? Number(match[1]) : Number(match[2]);
    for (let p = Number(match[1]); p <= end; p++) out.push({ port: p, protocol: match[3] === 'udp' ? 'udp' : 'tcp', at });
  });
  return out;
}

/** `C:\data:/data` keeps its drive letter; compose splits on the colons that follow it. */
function splitVolumeSpec(text: string): string[] {
  const drive = /^[A-Za-z]:[\\/]/.test(text) ? text.slice(0, 2) : '';
  const parts = text.slice(drive.length).split(':');
  parts[0] = drive + parts[0];
  // A Windows target (D:\config) splits into "D" and "\config": glue it back together.
  for (let i = 1; i < parts.length - 1; i++) {
    if (/^[A-Za-z]$/.test(parts[i]!) && /^[\\/]/.test(parts[i + 1]!)) parts.splice(i, 2, `${parts[i]}:${parts[i + 1]}`);
  }
  return parts;
}

function isPathLike(source: string): boolean {
  return /^(\.{1,2}([\\/]|$)|[\\/]|~|[A-Za-z]:[\\/])/.test(source);
}

function normalizeVolumes(value: unknown, ctx: NormalizeContext, subject: string): VolumeMount[] {
  if (!Array.isArray(value)) return [];
  const out: VolumeMount[] = [];
  value.forEach((entry, i) => {
    const at = ctx.at('volumes', i);
    if (entry && typeof entry === 'object') {
      const e = entry as Raw;
      const target = String(e.target ?? '');
      const readOnly = e.read_only === true;
      if (e.type === 'tmpfs') {
        const tmpfs = e.tmpfs as Raw | undefined;
        const size = tmpfs?.size === undefined ? undefined : parseByteSize(tmpfs.size as string | number);
        out.push(size === undefined ? { type: 'tmpfs', target, at } : { type: 'tmpfs', target, sizeBytes: size, at });
      } else if (e.type === 'bind') {
        out.push({ type: 'bind', source: String(e.source ?? ''), target, readOnly, at });
      } else if (e.type === 'volume' || e.type === undefined) {
        out.push(e.source ? { type: 'volume', source: String(e.source), target, readOnly, at } : { type: 'volume', target, readOnly, at });
      } else {
        ctx.sink.warning('NOT_TRANSLATED', `${subject}: volumes[${i}] of type "${String(e.type)}" has no Kubernetes equivalent and is left out`, at);
      }
      return;
    }
    const parts = splitVolumeSpec(String(entry));
    if (parts.length === 1) {
      out.push({ type: 'volume', target: parts[0]!, readOnly: false, at });
      return;
    }
    const [source, target, mode = ''] = parts as [string, string, string?];
    const readOnly = mode.split(',').includes('ro');
    if (isPathLike(source)) out.push({ type: 'bind', source, target, readOnly, at });
    else out.push({ type: 'volume', source, target, readOnly, at });
  });
  return out;
}

const CONDITIONS: DependsOnCondition[] = ['service_started', 'service_healthy', 'service_completed_successfully'];

function normalizeDependsOn(value: unknown, ctx: NormalizeContext): DependsOn[] {
  const out: DependsOn[] = [];
  if (Array.isArray(value)) {
    value.forEach((service, i) => out.push({ service: String(service), condition: 'service_started', required: true, at: ctx.at('depends_on', i) }));
  } else if (value && typeof value === 'object') {
    for (const [service, spec] of Object.entries(value as Raw)) {
      const s = (spec ?? {}) as Raw;
      const condition = CONDITIONS.includes(s.condition as DependsOnCondition) ? (s.condition as DependsOnCondition) : 'service_started';
      out.push({ service, condition, required: s.required !== false, at: ctx.at('depends_on', service) });
    }
  }
  return out.sort((a, b) => byCodeUnit(a.service, b.service));
}

function normalizeDevices(value: unknown, ctx: NormalizeContext): DeviceMapping[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry, i) => {
    const at = ctx.at('devices', i);
    if (entry && typeof entry === 'object') {
      const e = entry as Raw;
      return { host: String(e.source ?? ''), container: String(e.target ?? e.source ?? ''), at };
    }
    const [host = '', container = host] = String(entry).split(':');
    return { host, container, at };
  });
}

function normalizeFileRefs(value: unknown, key: 'secrets' | 'configs', prefix: string, ctx: NormalizeContext) {
  if (!Array.isArray(value)) return [];
  return value.map((entry, i) => {
    const at = ctx.at(key, i);
    if (entry && typeof entry === 'object') {
      const e = entry as Raw;
      const source = String(e.source);
      const target = e.target === undefined ? `${prefix}${source}` : String(e.target);
      const mode = fileMode(e.mode);
      return { source, target: target.startsWith('/') ? target : `${prefix}${target}`, ...(mode !== undefined ? { mode } : {}), at };
    }
    const source = String(entry);
    return { source, target: `${prefix}${source}`, at };
  });
}

/**
 * compose writes modes in octal (`mode: 0440`); YAML 1.2 reads that as the number 440, so digits
 * that are all 0–7 are read back as octal. A string ("0440") is octal as well.
 */
function fileMode(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).replace(/^0o/i, '');
  return /^[0-7]{1,4}$/.test(text) ? parseInt(text, 8) : Number.isInteger(Number(value)) ? Number(value) : undefined;
}

function normalizeSysctls(value: unknown): Record<string, string> {
  const out = emptyRecord<string>();
  if (Array.isArray(value)) {
    for (const entry of value) {
      const text = String(entry);
      const eq = text.indexOf('=');
      if (eq > 0) out[text.slice(0, eq)] = text.slice(eq + 1);
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out[k] = String(v);
  }
  return out;
}

function normalizeExtraHosts(value: unknown, ctx: NormalizeContext, subject: string): ComposeService['extraHosts'] {
  const out: ComposeService['extraHosts'] = [];
  const add = (host: string, ip: string, at: SourceRef) => out.push({ host, ip: ip.replace(/^\[|\]$/g, ''), at });
  if (Array.isArray(value)) {
    value.forEach((entry, i) => {
      const text = String(entry);
      const sep = text.includes('=') ? text.indexOf('=') : text.indexOf(':');
      if (sep < 0) ctx.sink.error('INVALID_VALUE', `${subject}: extra_hosts[${i}] "${text}" is not HOST:IP`, ctx.at('extra_hosts', i));
      else add(text.slice(0, sep), text.slice(sep + 1), ctx.at('extra_hosts', i));
    });
  } else if (value && typeof value === 'object') {
    for (const [host, ip] of Object.entries(value as Raw)) {
      for (const one of Array.isArray(ip) ? ip : [ip]) add(host, String(one), ctx.at('extra_hosts', host));
    }
  }
  return out;
}

function normalizeBuild(value: unknown, ctx: NormalizeContext): BuildSpec {
  const at = ctx.at('build');
  if (typeof value === 'string') return { context: value, args: emptyRecord<string>(), at };
  const b = value as Raw;
  const build: BuildSpec = { context: typeof b.context === 'string' ? b.context : '.', args: emptyRecord<string>(), at };
  if (typeof b.dockerfile === 'string') build.dockerfile = b.dockerfile;
  if (typeof b.dockerfile_inline === 'string') build.dockerfileInline = b.dockerfile_inline;
  if (typeof b.target === 'string') build.target = b.target;
  if (Array.isArray(b.args)) {
    for (const entry of b.args) {
      const text = String(entry);
      const eq = text.indexOf('=');
      const name = eq < 0 ? text : text.slice(0, eq);
      const v = eq < 0 ? ctx.lookup(name) : text.slice(eq + 1);
      if (v !== undefined) build.args[name] = v;
    }
  } else if (b.args && typeof b.args === 'object') {
    for (const [name, v] of Object.entries(b.args as Raw)) {
      const resolved = v === null || v === undefined ? ctx.lookup(name) : String(v);
      if (resolved !== undefined) build.args[name] = resolved;
    }
  }
  return build;
}

function normalizeArgv(value: unknown, key: string, ctx: NormalizeContext, subject: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String);
  const argv = shellSplit(String(value));
  if (!argv) ctx.sink.error('INVALID_VALUE', `${subject}: ${key} has an unterminated quote`, ctx.at(key));
  return argv;
}

function normalizeHealthcheck(value: unknown, ctx: NormalizeContext, subject: string): Healthcheck | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const h = value as Raw;
  const at = ctx.at('healthcheck');
  if (h.disable === true) return { kind: 'none', command: [], at };
  let kind: Healthcheck['kind'] = 'shell';
  let command: string[] = [];
  if (typeof h.test === 'string') command = [h.test];
  else if (Array.isArray(h.test)) {
    const [head, ...rest] = h.test.map(String);
    if (head === 'NONE') return { kind: 'none', command: [], at };
    if (head === 'CMD') kind = 'exec';
    else if (head !== 'CMD-SHELL') {
      ctx.sink.error('INVALID_VALUE', `${subject}: healthcheck.test must start with "CMD", "CMD-SHELL" or "NONE"`, ctx.at('healthcheck', 'test', 0));
    }
    command = kind === 'shell' ? [rest.join(' ')] : rest;
  } else if (h.test === undefined) {
    return undefined;
  }
  const check: Healthcheck = { kind, command, at };
  for (const [key, field] of [['interval', 'intervalSeconds'], ['timeout', 'timeoutSeconds'], ['start_period', 'startPeriodSeconds']] as const) {
    if (h[key] === undefined) continue;
    const seconds = parseDuration(String(h[key]));
    if (seconds === undefined) durationError(ctx, subject, `healthcheck.${key}`, h[key], ctx.at('healthcheck', key));
    else check[field] = seconds;
  }
  if (h.retries !== undefined) {
    const retries = Number(h.retries);
    if (!Number.isInteger(retries) || retries < 0) {
      ctx.sink.error('INVALID_VALUE', `${subject}: healthcheck.retries "${String(h.retries)}" is not a whole number`, ctx.at('healthcheck', 'retries'));
    } else check.retries = retries;
  }
  return check;
}

function durationError(ctx: NormalizeContext, subject: string, key: string, value: unknown, at: SourceRef): void {
  const text = String(value);
  const squeezed = text.replace(/\s+/g, '');
  const hint = parseDuration(squeezed) !== undefined ? `did you mean "${squeezed}"?` : 'use a duration such as "10s", "1m30s" or "500ms"';
  ctx.sink.error('INVALID_VALUE', `${subject}: ${key} "${text}" is not a duration`, at, hint);
}

function normalizeDeploy(raw: Raw, service: ComposeService, ctx: NormalizeContext, subject: string): void {
  const deploy = (raw.deploy ?? {}) as Raw;
  if (deploy.mode === 'global' || deploy.mode === 'replicated') service.deploy.mode = deploy.mode;
  const replicas = deploy.replicas ?? raw.scale;
  if (replicas !== undefined) {
    const n = Number(replicas);
    if (!Number.isInteger(n) || n < 0) {
      ctx.sink.error('INVALID_VALUE', `${subject}: replicas "${String(replicas)}" is not a whole number`, deploy.replicas !== undefined ? ctx.at('deploy', 'replicas') : ctx.at('scale'));
    } else service.deploy.replicas = n;
  }
  const resources = (deploy.resources ?? {}) as Raw;
  for (const [section, field] of [['limits', 'limits'], ['reservations', 'reservations']] as const) {
    const r = resources[section] as Raw | undefined;
    const amounts: { cpuMillis?: number; memoryBytes?: number } = {};
    if (r?.cpus !== undefined) {
      const cpu = parseCpus(r.cpus as string | number);
      if (cpu === undefined) ctx.sink.error('INVALID_VALUE', `${subject}: deploy.resources.${section}.cpus "${String(r.cpus)}" is not a number`, ctx.at('deploy', 'resources', section, 'cpus'));
      else amounts.cpuMillis = cpu;
    }
    if (r?.memory !== undefined) {
      const memory = parseByteSize(r.memory as string | number);
      if (memory === undefined) ctx.sink.error('INVALID_VALUE', `${subject}: deploy.resources.${section}.memory "${String(r.memory)}" is not a size`, ctx.at('deploy', 'resources', section, 'memory'), 'use a size such as "512m" or "1.5g"');
      else amounts.memoryBytes = memory;
    }
    if (amounts.cpuMillis !== undefined || amounts.memoryBytes !== undefined) service.deploy[field] = amounts;
  }
  // Legacy v2 keys still seen in the wild.
  const legacy: Record<string, unknown> = { mem_limit: raw.mem_limit, mem_reservation: raw.mem_reservation, cpus: raw.cpus };
  // A value that does not parse is an error, not silently no limit (`mem_limit: 12 parsecs`).
  if (legacy.mem_limit !== undefined) {
    const memory = parseByteSize(legacy.mem_limit as string | number);
    if (memory !== undefined) service.deploy.limits = { ...service.deploy.limits, memoryBytes: memory };
    else ctx.sink.error('INVALID_VALUE', `${subject}: mem_limit "${String(legacy.mem_limit)}" is not a size`, ctx.at('mem_limit'), 'use a size such as "512m" or "1.5g"');
  }
  if (legacy.mem_reservation !== undefined) {
    const memory = parseByteSize(legacy.mem_reservation as string | number);
    if (memory !== undefined) service.deploy.reservations = { ...service.deploy.reservations, memoryBytes: memory };
    else ctx.sink.error('INVALID_VALUE', `${subject}: mem_reservation "${String(legacy.mem_reservation)}" is not a size`, ctx.at('mem_reservation'), 'use a size such as "512m" or "1.5g"');
  }
  if (legacy.cpus !== undefined) {
    const cpu = parseCpus(legacy.cpus as string | number);
    if (cpu !== undefined) service.deploy.limits = { ...service.deploy.limits, cpuMillis: cpu };
    else ctx.sink.error('INVALID_VALUE', `${subject}: cpus "${String(legacy.cpus)}" is not a number`, ctx.at('cpus'), 'use a number of CPUs such as "0.5" or "2"');
  }
  checkLimitsCoverReservations(raw, service, ctx, subject);
}

/**
 * docker refuses a memory limit below the reservation; Kubernetes refuses a limit below the
 * request. Both were written by the user, so neither can be picked silently: refuse, at the limit.
 */
function checkLimitsCoverReservations(raw: Raw, service: ComposeService, ctx: NormalizeContext, subject: string): void {
  const { limits, reservations } = service.deploy;
  const resources = ((raw.deploy as Raw | undefined)?.resources ?? {}) as Record<string, Raw | undefined>;
  // Where the user wrote each amount: deploy.resources wins over the legacy keys it replaces.
  const written = (section: 'limits' | 'reservations', key: 'memory' | 'cpus', legacy: string) => (resources[section]?.[key] !== undefined
    ? { text: String(resources[section]![key]), at: ctx.at('deploy', 'resources', section, key), key: `deploy.resources.${section}.${key}` }
    : { text: String(raw[legacy]), at: ctx.at(legacy), key: legacy });
  const compare = (limit: number | undefined, reservation: number | undefined, key: 'memory' | 'cpus', legacyLimit: string, legacyReservation: string) => {
    if (limit === undefined || reservation === undefined || limit >= reservation) return;
    const l = written('limits', key, legacyLimit);
    const r = written('reservations', key, legacyReservation);
    ctx.sink.error('INVALID_VALUE', `${subject}: ${l.key} "${l.text}" is below ${r.key} "${r.text}"`, l.at, 'a limit must be at least its reservation, as Kubernetes requires limits ≥ requests');
  };
  compare(limits?.memoryBytes, reservations?.memoryBytes, 'memory', 'mem_limit', 'mem_reservation');
  compare(limits?.cpuMillis, reservations?.cpuMillis, 'cpus', 'cpus', 'cpus');
}
