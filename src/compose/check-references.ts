/**
 * The checks the Compose schema cannot make: depends_on naming services that do not exist,
 * dependency cycles, volumes, secrets and configs that are not declared, and service names that cannot become
 * Kubernetes names or that collide once made into one.
 */
import { posix } from 'node:path';
import type { DiagnosticSink, SourceRef } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import type { ComposeProject } from './types.js';

/** Kubernetes name of a compose service: DNS-1035 label (Service names need a leading letter). */
export function kubernetesName(service: string): string {
  return service.toLowerCase().replace(/[_.]/g, '-');
}

const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** Service names longer than this leave no room for the release prefix within 63 characters. */
export const MAX_SERVICE_NAME = 40;

export function checkProjectReferences(
  project: ComposeProject, sink: DiagnosticSink, at: (path: (string | number)[], want?: 'key' | 'value') => SourceRef,
): void {
  const names = new Set(project.services.map((s) => s.name));
  const byKubeName = new Map<string, string>();
  for (const service of project.services) {
    const kube = kubernetesName(service.name);
    const where = at(['services', service.name], 'key');
    if (!DNS_1035.test(kube) || kube.length > MAX_SERVICE_NAME) {
      sink.error('INVALID_NAME', `service "${service.name}": the name cannot become a Kubernetes name`, where,
        `use lowercase letters, digits and "-", start with a letter, at most ${MAX_SERVICE_NAME} characters`);
      continue;
    }
    const other = byKubeName.get(kube);
    if (other !== undefined) {
      sink.error('NAME_COLLISION', `service "${service.name}" and service "${other}" both become "${kube}" in Kubernetes`, where, 'rename one of them');
    }
    byKubeName.set(kube, service.name);
    // compose drops a dependency marked `required: false` on a service that is not there.
    service.dependsOn = service.dependsOn.filter((dep) => {
      if (names.has(dep.service)) return true;
      if (!dep.required) {
        sink.warning('NOT_TRANSLATED', `service "${service.name}": optional dependency "${dep.service}" is not an active service and is ignored`, dep.at);
        return false;
      }
      const hint = didYouMean(dep.service, names);
      sink.error('UNKNOWN_SERVICE', `service "${service.name}": depends_on names unknown service "${dep.service}"`, dep.at, hint ? `did you mean "${hint}"?` : undefined);
      return true;
    });
    for (const mount of service.volumes) {
      const relative = mount.type === 'bind' ? posix.normalize(mount.source.replace(/\\/g, '/')) : '';
      if (mount.type === 'bind' && (relative === '..' || relative.startsWith('../'))) {
        sink.warning('NOT_TRANSLATED', `service "${service.name}": bind mount "${mount.source}" is outside the project folder; its contents are not copied into the chart`, mount.at,
          'move the files into the project, or ship them in the image');
      }
      if (mount.type === 'volume' && mount.source && !(mount.source in project.volumes)) {
        const hint = didYouMean(mount.source, Object.keys(project.volumes));
        sink.error('UNDEFINED_RESOURCE', `service "${service.name}": volume "${mount.source}" is not declared under top-level "volumes:"`, mount.at,
          hint ? `did you mean "${hint}"?` : `add "${mount.source}:" under volumes:, or write "./${mount.source}" for a folder`);
      }
    }
    for (const [kind, declared] of [['secrets', project.secrets], ['configs', project.configs]] as const) {
      for (const ref of service[kind]) {
        if (ref.source in declared) continue;
        const hint = didYouMean(ref.source, Object.keys(declared));
        sink.error('UNDEFINED_RESOURCE', `service "${service.name}": ${kind.slice(0, -1)} "${ref.source}" is not declared under top-level "${kind}:"`, ref.at,
          hint ? `did you mean "${hint}"?` : `add "${ref.source}:" with a file: under ${kind}:`);
      }
    }
  }
  reportCycles(project, sink);
}

/** Depth-first search; each cycle is reported once, at the edge that closes it. */
function reportCycles(project: ComposeProject, sink: DiagnosticSink): void {
  const byName = new Map(project.services.map((s) => [s.name, s]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 'visiting');
    stack.push(name);
    for (const dep of byName.get(name)?.dependsOn ?? []) {
      if (!byName.has(dep.service)) continue;
      const s = state.get(dep.service);
      if (s === 'visiting' && dep.service === name) {
        sink.error('DEPENDENCY_CYCLE', `service "${name}": depends_on names the service itself`, dep.at, 'a service cannot wait for itself; remove this entry');
      } else if (s === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(dep.service)), dep.service];
        sink.error('DEPENDENCY_CYCLE', `service "${name}": depends_on forms a cycle (${cycle.join(' → ')})`, dep.at, 'compose cannot start these services either; remove one dependency');
      } else if (s === undefined) {
        visit(dep.service);
      }
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const service of project.services) if (!state.has(service.name)) visit(service.name);
}
