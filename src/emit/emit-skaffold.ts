/**
 * skaffold.yaml (apiVersion skaffold/v4beta11) that runs the chart for development: one artifact
 * per distinct build, each built image wired into the values of every service using it, a `dev`
 * profile (values-dev.yaml and port-forwards for every published port) and a `prod` profile.
 * Paths are relative to out/, where the file lives.
 *
 * Choices (skaffold.dev/docs/deployers/helm, /docs/port-forwarding, the v4beta11 schema):
 * - release name = chart name, so the chart's fullname is the chart name and every Service is
 *   "<chart>-<service>": the port-forwards can name them.
 * - No release namespace: skaffold deploys into the kube-context's namespace or `-n`, and the
 *   port-forwards (which also have no namespace) follow it. A pinned namespace would need
 *   createNamespace and a namespace on every port-forward, and would ignore `-n`.
 * - `skipBuildDependencies: false` when the chart has dependencies: skaffold runs
 *   `helm dependency build` before rendering, which the Bitnami subchart needs.
 * - `local.useBuildkit` and `useDockerCLI`: docker compose builds with BuildKit, and only the
 *   docker CLI accepts a Dockerfile outside the build context (inline Dockerfiles live in out/).
 */
import { posix } from 'node:path';
import type { BuildArtifact, Project } from '../model/project.js';
import { relativeWithin } from './relative-path.js';
import { toYaml } from './yaml-text.js';
import { byCodeUnit } from '../text/order.js';

export const SKAFFOLD_API_VERSION = 'skaffold/v4beta11';

export interface SkaffoldLayout {
  /** The output folder (POSIX), relative to the same folder as the project, to place inline Dockerfiles. */
  outDir: string;
}

/**
 * Skaffold's template variable suffix for an image: the whole name, registry and namespace
 * included, with `/`, `-`, `.` and `:` (anything but letters, digits and `_`) turned into `_`,
 * as skaffold's SanitizeHelmTemplateValue does: gcr.io/a-b/app → gcr_io_a_b_app.
 */
export function skaffoldImageVar(image: string): string {
  return image.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** Where an inline Dockerfile is written, relative to out/. */
export function inlineDockerfileFile(build: BuildArtifact): string {
  return `dockerfiles/${skaffoldImageVar(build.image)}.Dockerfile`;
}

/**
 * The inline Dockerfile's path relative to the build context (skaffold resolves `dockerfile`
 * there); undefined when the context lies above the folder the paths are relative to, where the
 * way back would need folder names we do not know.
 */
export function inlineDockerfilePath(build: BuildArtifact, layout: SkaffoldLayout): string | undefined {
  return relativeWithin(posix.join(layout.outDir, build.context), posix.join(layout.outDir, inlineDockerfileFile(build)));
}

/** A literal `{{` in a build arg must survive skaffold's own templating of buildArgs. */
function literalForTemplate(value: string): string {
  return value.replace(/\{\{/g, '{{"{{"}}');
}

function dockerSpec(b: BuildArtifact, layout: SkaffoldLayout): Record<string, unknown> {
  const docker: Record<string, unknown> = {};
  if (b.dockerfileInline !== undefined) {
    const path = inlineDockerfilePath(b, layout);
    if (path === undefined) throw new Error(`bug: no path from ${b.context} to its inline Dockerfile (the pipeline checks this first)`);
    docker.dockerfile = path;
  } else if (b.dockerfile) {
    docker.dockerfile = b.dockerfile;
  }
  if (b.target) docker.target = b.target;
  // Skaffold's schema wants strings: compose's numbers and booleans arrive here already as text.
  const args: [string, string][] = [
    ...Object.entries(b.buildArgs).map(([k, v]): [string, string] => [k, literalForTemplate(String(v))]),
    ...b.buildArgsFromEnv.map((k): [string, string] => [k, `{{.${k}}}`]),
  ];
  if (args.length > 0) docker.buildArgs = Object.fromEntries(args.sort(([x], [y]) => byCodeUnit(x, y)));
  return docker;
}

/**
 * skaffold.yaml (and any inline Dockerfiles it builds from). `config` is the data skaffold.yaml was
 * written from, so the run can check it against the schema without parsing the text back.
 */
export function emitSkaffold(project: Project, layout: SkaffoldLayout): { files: { path: string; text: string }[]; config: Record<string, unknown> } {
  const extra: { path: string; text: string }[] = [];
  const chart = project.chart.name;
  const release = chart;
  // emit-helpers' fullname is the release name when it contains the chart name, as here.
  const fullname = release;
  const setValueTemplates: Record<string, string> = {};
  for (const build of project.builds) {
    const suffix = skaffoldImageVar(build.image);
    for (const key of [...build.usedBy].sort()) {
      setValueTemplates[`${key}.image.repository`] = `{{.IMAGE_REPO_${suffix}}}`;
      setValueTemplates[`${key}.image.tag`] = `{{.IMAGE_TAG_${suffix}}}`;
    }
  }
  const releaseSpec: Record<string, unknown> = {
    name: release,
    chartPath: 'chart',
    valuesFiles: ['chart/values.yaml'],
  };
  if (project.dependencies.length > 0) releaseSpec.skipBuildDependencies = false;
  if (Object.keys(setValueTemplates).length > 0) {
    releaseSpec.setValueTemplates = Object.fromEntries(Object.entries(setValueTemplates).sort(([x], [y]) => byCodeUnit(x, y)));
  }

  const config: Record<string, unknown> = {
    apiVersion: SKAFFOLD_API_VERSION,
    kind: 'Config',
    metadata: { name: chart },
  };
  if (project.builds.length > 0) {
    config.build = {
      local: { push: false, useBuildkit: true, useDockerCLI: true },
      artifacts: project.builds.map((b) => {
        if (b.dockerfileInline !== undefined) {
          extra.push({ path: inlineDockerfileFile(b), text: b.dockerfileInline.endsWith('\n') ? b.dockerfileInline : `${b.dockerfileInline}\n` });
        }
        return { image: b.image, context: b.context, docker: dockerSpec(b, layout) };
      }),
    };
  }
  config.manifests = { helm: { releases: [releaseSpec] } };
  config.deploy = { helm: {} };

  // kubectl port-forward carries TCP only; host-network workloads have no Service (their ports
  // are on the node already).
  const forwards = project.workloads
    .filter((w) => !w.security.hostNetwork)
    .flatMap((w) => w.ports
      .filter((p) => (p.published || p.loopbackPort !== undefined) && p.protocol === 'TCP')
      .map((p) => ({ resourceType: 'service', resourceName: `${fullname}-${w.name}`, port: p.port, localPort: p.loopbackPort ?? p.publishedPort ?? p.port })));
  const dev: Record<string, unknown> = {
    name: 'dev',
    activation: [{ command: 'dev' }, { command: 'debug' }],
    patches: [{ op: 'add', path: '/manifests/helm/releases/0/valuesFiles/-', value: 'chart/values-dev.yaml' }],
  };
  if (forwards.length > 0) dev.portForward = forwards;
  const prod: Record<string, unknown> = { name: 'prod' };
  // A production cluster cannot see the developer's local images: push them (with --default-repo).
  if (project.builds.length > 0) prod.patches = [{ op: 'replace', path: '/build/local/push', value: true }];
  config.profiles = [dev, prod];
  const header = [
    '# Generated by compose2helm. `skaffold dev` builds the images and deploys the chart with',
    '# values-dev.yaml (the dev profile) and forwards the ports compose published;',
    project.builds.length > 0
      ? '# `skaffold run -p prod --default-repo <registry>` pushes the images and deploys with values.yaml only.'
      : '# `skaffold run -p prod` deploys with values.yaml only.',
  ];
  if (project.secrets.length > 0) {
    header.push('# values.yaml holds no secrets: for prod, create a Secret with the keys under `secrets:` and set', '# secrets.existingSecret to its name in a values file of your own, added to valuesFiles.');
  }
  return { files: [...extra, { path: 'skaffold.yaml', text: `${header.join('\n')}\n${toYaml(config)}` }], config };
}
