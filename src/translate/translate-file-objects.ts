/**
 * compose `secrets:` and `configs:` → files mounted at their targets with their modes.
 * - a secret's file content becomes a key of the chart's Secret (values-dev.yaml carries the
 *   compose value; values.yaml is empty and `required`), mounted at /run/secrets/<name> or its
 *   target through a projected key, so the file never enters a template;
 * - a config's file (or inline `content:`) becomes a ConfigMap built from the file, read through
 *   the pipeline's readFile, so `migrate --check` notices when it changes.
 * Objects from the environment or marked external have no content to copy: they get a note.
 */
import { posix } from 'node:path';
import type { ComposeFileObject, ComposeProject, ComposeService } from '../compose/types.js';
import type { Note, PodVolume, Provenance } from '../model/project.js';
import { dnsLabel } from './translate-volumes.js';

export interface FileObjectContext {
  /** Kubernetes name of the workload (its ConfigMaps are `<name>-config-<source>`). */
  workloadName: string;
  readFile: (path: string) => string | undefined;
  /** Registers a secret value; returns its Secret key. */
  registerSecret: (name: string, value: string, user: string) => string;
  note: (key: string, status: Note['status'], message: string, action?: string) => void;
}

export function translateFileObjects(service: ComposeService, compose: ComposeProject, ctx: FileObjectContext): PodVolume[] {
  const volumes: PodVolume[] = [];
  for (const ref of service.secrets) {
    const by: Provenance = { kind: 'compose', key: 'secrets', at: ref.at };
    const content = contentOf(compose.secrets[ref.source], ctx, 'secrets', ref.source);
    if (content === undefined) continue;
    const fileName = posix.basename(ref.target) || ref.source;
    const secretKey = ctx.registerSecret(ref.source, content, `${service.name}.secrets.${ref.source}`);
    const volume: PodVolume = { type: 'secretFile', name: dnsLabel(`secret-${ref.source}`), mountPath: ref.target, readOnly: true, secretKey, fileName, by };
    if (ref.mode !== undefined) volume.mode = ref.mode;
    volumes.push(volume);
  }
  for (const ref of service.configs) {
    const by: Provenance = { kind: 'compose', key: 'configs', at: ref.at };
    const content = contentOf(compose.configs[ref.source], ctx, 'configs', ref.source);
    if (content === undefined) continue;
    const fileName = posix.basename(ref.target) || ref.source;
    const key = fileName.replace(/[^-._a-zA-Z0-9]/g, '_');
    const volume: PodVolume = {
      type: 'configFile', name: dnsLabel(`config-${ref.source}`), mountPath: ref.target,
      configMap: `${ctx.workloadName}-${dnsLabel(`config-${ref.source}`)}`, singleFile: true,
      files: [{ key, content, path: key }], by,
    };
    if (ref.mode !== undefined) volume.mode = ref.mode;
    volumes.push(volume);
  }
  return volumes;
}

function contentOf(object: ComposeFileObject | undefined, ctx: FileObjectContext, key: 'secrets' | 'configs', name: string): string | undefined {
  const what = key === 'secrets' ? 'secret' : 'config';
  if (!object) {
    ctx.note(key, 'not-translated', `${what} "${name}" is not defined at the top level`, `define it under top-level ${key}:`);
    return undefined;
  }
  if (object.external) {
    ctx.note(key, 'not-translated', `${what} "${name}" is external: there is no content to copy`,
      key === 'secrets' ? 'put its value under secrets in your own values or existingSecret, and mount it by hand' : 'create the ConfigMap and mount it by hand');
    return undefined;
  }
  if (object.content !== undefined) return object.content;
  if (object.file !== undefined) {
    const text = ctx.readFile(object.file);
    if (text === undefined) {
      ctx.note(key, 'not-translated', `${what} "${name}": file ${object.file} cannot be read`, 'create the file, or provide the content by hand');
      return undefined;
    }
    if (text === '') {
      ctx.note(key, 'not-translated', `${what} "${name}": file ${object.file} is empty`, 'fill it, or drop the reference');
      return undefined;
    }
    return text;
  }
  ctx.note(key, 'not-translated', `${what} "${name}" comes from the environment variable ${object.environment ?? '(unknown)'}, which compose2helm does not copy`,
    key === 'secrets' ? 'add the value under secrets in your values and mount it by hand' : 'create the ConfigMap and mount it by hand');
  return undefined;
}
