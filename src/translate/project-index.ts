/**
 * Lookups over a whole compose project that per-service decisions need (which service is called X,
 * who waits for X to complete, who else mounts volume V). Scanning every service from every
 * service made translation quadratic: 1,000 services took seconds, 10,000 minutes. Each index is
 * built once per ComposeProject (cached by object identity) and answers exactly what the scans
 * answered, in the same order. The compose project is read-only input to translation.
 */
import type { DependsOn, ComposeProject, ComposeService } from '../compose/types.js';

interface ProjectIndex {
  byName: Map<string, ComposeService>;
  /** Target service → the first `service_completed_successfully` edge to it (services in order, then depends_on in order). */
  firstCompletionWait: Map<string, { from: string; dep: DependsOn }>;
  /** Named volume → services that mount it as a volume, in service order (each listed once). */
  volumeUsers: Map<string, string[]>;
}

const indexes = new WeakMap<ComposeProject, ProjectIndex>();

function indexOf(project: ComposeProject): ProjectIndex {
  let index = indexes.get(project);
  if (index) return index;
  index = { byName: new Map(), firstCompletionWait: new Map(), volumeUsers: new Map() };
  for (const service of project.services) {
    // `find` returned the first service of a name; keep the first here too.
    if (!index.byName.has(service.name)) index.byName.set(service.name, service);
    for (const dep of service.dependsOn) {
      if (dep.condition === 'service_completed_successfully' && !index.firstCompletionWait.has(dep.service)) {
        index.firstCompletionWait.set(dep.service, { from: service.name, dep });
      }
    }
    for (const mount of service.volumes) {
      if (mount.type !== 'volume' || !mount.source) continue;
      const users = index.volumeUsers.get(mount.source) ?? [];
      if (users[users.length - 1] !== service.name) users.push(service.name);
      index.volumeUsers.set(mount.source, users);
    }
  }
  indexes.set(project, index);
  return index;
}

export function serviceNamed(project: ComposeProject, name: string): ComposeService | undefined {
  return indexOf(project).byName.get(name);
}

export function firstCompletionWait(project: ComposeProject, target: string): { from: string; dep: DependsOn } | undefined {
  return indexOf(project).firstCompletionWait.get(target);
}

/** Services other than `except` that mount named volume `source`. */
export function otherVolumeUsers(project: ComposeProject, source: string, except: string): string[] {
  return (indexOf(project).volumeUsers.get(source) ?? []).filter((name) => name !== except);
}
