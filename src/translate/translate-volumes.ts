/**
 * compose volumes → pod volumes:
 * - named volume → a PersistentVolumeClaim (volumeClaimTemplates on a StatefulSet); a claim
 *   mounted by several services is flagged, since ReadWriteOnce cannot follow pods across nodes
 * - bind mount of a file or folder inside the project → a ConfigMap built from its contents,
 *   so `--check` notices when the file changes
 * - host path (`/dev/kvm`, `/run/…`) → hostPath, only where a rule or the DaemonSet inference
 *   allows host access; elsewhere an emptyDir and a note
 * - tmpfs → emptyDir in memory with its size; anonymous volume → emptyDir
 * - devices → hostPath of the device node, under the same permission
 */
import { posix } from 'node:path';
import type { ComposeProject, ComposeService } from '../compose/types.js';
import { kubernetesName } from '../compose/check-references.js';
import { bytesToQuantity } from '../compose/units.js';
import type { Note, Persistence, PodVolume, Provenance, Workload } from '../model/project.js';
import type { Rule } from '../mappings/rule.js';
import { camelCase } from './classify-env.js';
import { otherVolumeUsers } from './project-index.js';

export interface VolumeContext {
  kind: Workload['kind'];
  hostAccessAllowed: boolean;
  chartName: string;
  note: (key: string, status: Note['status'], message: string, action?: string) => void;
  readFile: (path: string) => string | undefined;
  listDir: (path: string) => string[] | undefined;
  persistence: { value: NonNullable<Rule['persistence']>; by: Provenance } | undefined;
}

/** ConfigMaps hold at most 1 MiB; a bigger bind source is not copied into the chart. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export function translateVolumes(service: ComposeService, compose: ComposeProject, ctx: VolumeContext): { volumes: PodVolume[]; persistence: Persistence[] } {
  const volumes: PodVolume[] = [];
  const persistence: Persistence[] = [];
  const used = new Set<string>();
  const uniqueName = (base: string) => {
    let name = dnsLabel(base);
    for (let i = 2; used.has(name); i++) name = dnsLabel(`${base.slice(0, 55)}-${i}`);
    used.add(name);
    return name;
  };
  const sizes = ctx.persistence?.value;

  for (const mount of service.volumes) {
    const by: Provenance = { kind: 'compose', key: 'volumes', at: mount.at };
    if (mount.type === 'tmpfs') {
      const v: PodVolume = { type: 'emptyDir', name: uniqueName(`tmpfs-${mount.target}`), mountPath: mount.target, medium: 'Memory', by };
      if (mount.sizeBytes !== undefined) v.sizeLimit = bytesToQuantity(mount.sizeBytes);
      volumes.push(v);
      continue;
    }
    if (mount.type === 'volume') {
      if (!mount.source) {
        volumes.push({ type: 'emptyDir', name: uniqueName(`anon-${mount.target}`), mountPath: mount.target, by });
        ctx.note('volumes', 'approximated', `anonymous volume at ${mount.target} becomes an emptyDir: its data lives as long as the pod`);
        continue;
      }
      const name = uniqueName(mount.source);
      const sharedWith = otherVolumeUsers(compose, mount.source, service.name);
      if (ctx.kind === 'StatefulSet' && sharedWith.length === 0) {
        volumes.push({ type: 'claimTemplate', name, mountPath: mount.target, readOnly: mount.readOnly, by });
      } else {
        volumes.push({ type: 'claim', name, mountPath: mount.target, readOnly: mount.readOnly, claim: kubernetesName(mount.source), sharedWith, by });
        if (sharedWith.length > 0) {
          ctx.note('volumes', 'approximated', `volume "${mount.source}" is shared with ${sharedWith.map((s) => `"${s}"`).join(', ')}: one claim serves all of them`, 'use a ReadWriteMany storage class, or keep these pods on one node');
        }
      }
      persistence.push({ name, key: camelCase(name), size: sizes?.size ?? '8Gi', devSize: sizes?.devSize ?? '1Gi', storageClass: sizes?.storageClass ?? '' });
      continue;
    }
    // bind mount
    const source = mount.source.replace(/\\/g, '/');
    if (posix.isAbsolute(source) || /^[A-Za-z]:\//.test(source) || source.startsWith('~')) {
      if (ctx.hostAccessAllowed && posix.isAbsolute(source)) {
        const v: PodVolume = { type: 'hostPath', name: uniqueName(`host-${source}`), mountPath: mount.target, readOnly: mount.readOnly, hostPath: source, by };
        if (source.endsWith('.sock')) v.hostType = 'Socket';
        volumes.push(v);
      } else {
        volumes.push({ type: 'emptyDir', name: uniqueName(`host-${source}`), mountPath: mount.target, by });
        ctx.note('volumes', 'not-translated', `host path ${mount.source} is not mounted: host access is not declared for this service, so it gets an empty folder`, 'declare hostAccess in a mapping rule, or move the data into a PersistentVolumeClaim');
      }
      continue;
    }
    const path = posix.normalize(source);
    if (path === '..' || path.startsWith('../')) {
      // Never read a file from outside the project into the chart: `../../etc/passwd` or a
      // sibling's secrets would end up in a ConfigMap committed with out/.
      volumes.push({ type: 'emptyDir', name: uniqueName(`bind-${path}`), mountPath: mount.target, by });
      ctx.note('volumes', 'not-translated', `bind mount ${mount.source} is outside the project folder, so its contents are not copied into the chart; ${mount.target} gets an empty folder`, 'move the files into the project, ship them in the image, or use a PersistentVolumeClaim');
      continue;
    }
    const configMap = `${kubernetesName(service.name)}-${dnsLabel(posix.basename(path) || 'files')}`.slice(0, 52).replace(/-+$/, '');
    const listing = ctx.listDir(path);
    const files = listing
      ? listing.sort().map((f) => ({ path: f, content: ctx.readFile(posix.join(path, f)) }))
      : [{ path: posix.basename(path), content: ctx.readFile(path) }];
    const readable = files.filter((f): f is { path: string; content: string } => f.content !== undefined && !f.content.includes('\u0000'));
    const total = readable.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
    if (readable.length === 0 || total > MAX_CONFIG_BYTES) {
      volumes.push({ type: 'emptyDir', name: uniqueName(`bind-${path}`), mountPath: mount.target, by });
      const why = readable.length === 0 ? `does not exist or holds no text files` : `is larger than a ConfigMap can hold`;
      ctx.note('volumes', 'not-translated', `bind mount ${mount.source} ${why}; ${mount.target} gets an empty folder`, 'ship the files in the image or in a PersistentVolumeClaim');
      continue;
    }
    volumes.push({
      type: 'configFile', name: uniqueName(`cfg-${posix.basename(path)}`), mountPath: mount.target, configMap, singleFile: !listing,
      files: readable.map((f) => ({ key: configKey(f.path), content: f.content, path: f.path })),
      by: { ...by, key: listing ? 'volumes (folder)' : 'volumes (file)' },
    });
  }

  for (const device of service.devices) {
    const by: Provenance = { kind: 'compose', key: 'devices', at: device.at };
    if (ctx.hostAccessAllowed) {
      volumes.push({ type: 'hostPath', name: uniqueName(`dev-${device.host}`), mountPath: device.container, readOnly: false, hostPath: device.host, hostType: 'CharDevice', by });
    } else {
      ctx.note('devices', 'not-translated', `device ${device.host} is not mounted: host access is not declared for this service`, 'declare hostAccess in a mapping rule');
    }
  }
  return { volumes, persistence };
}

/** A DNS-1123 label built from any text. */
export function dnsLabel(text: string): string {
  const label = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
  return label || 'vol';
}

/** ConfigMap keys allow `[-._a-zA-Z0-9]`; nested paths flatten with `_`. */
function configKey(path: string): string {
  return path.replace(/[^-._a-zA-Z0-9]/g, '_');
}
