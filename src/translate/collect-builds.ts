/**
 * compose `build:` → the images skaffold builds. One artifact per distinct build: services that
 * name the same image, or that have the same build and no image of their own (an app and its
 * migration job), share one artifact and one image. Paths become relative to out/, where
 * skaffold.yaml lives.
 */
import { posix } from 'node:path';
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type { ComposeProject, BuildSpec } from '../compose/types.js';
import type { BuildArtifact, Note, Workload } from '../model/project.js';
import { classifyEnv } from './classify-env.js';
import { byCodeUnit } from '../text/order.js';
import { emptyRecord } from '../text/record.js';

export interface CollectBuildsOptions {
  /** The project folder relative to out/ (POSIX). */
  projectFromOut: string;
}

/** A context docker can fetch (git or HTTP) but skaffold cannot: it builds local folders only. */
export function isRemoteContext(context: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@') || /^github\.com\//.test(context);
}

export function collectBuilds(
  compose: ComposeProject, workloads: Workload[], options: CollectBuildsOptions, sink: DiagnosticSink, notes: Note[],
): BuildArtifact[] {
  const byImage = new Map<string, { artifact: BuildArtifact; key: string; service: string }>();
  const byBuild = new Map<string, { artifact: BuildArtifact; tag: string }>();
  // Looked up once per service: searching the workloads for each one was quadratic.
  const workloadOf = new Map<string, Workload>();
  for (const w of workloads) if (!workloadOf.has(w.service)) workloadOf.set(w.service, w);
  for (const service of compose.services) {
    const workload = workloadOf.get(service.name);
    const b = service.build;
    if (!b || !workload) continue;
    // The report's note for `build` (key-handling) says what to do instead.
    if (isRemoteContext(b.context)) continue;
    const key = buildKey(b);
    const sameBuild = byBuild.get(key);
    if (service.image === undefined && sameBuild) {
      // No image of its own: use the one the identical build already produces.
      workload.image = { ...workload.image, repository: sameBuild.artifact.image, tag: sameBuild.tag };
      sameBuild.artifact.usedBy.push(workload.valuesKey);
      continue;
    }
    const image = workload.image.repository;
    const sameImage = byImage.get(image);
    if (sameImage) {
      sameImage.artifact.usedBy.push(workload.valuesKey);
      if (sameImage.key !== key) {
        sink.warning('NOT_TRANSLATED', `service "${service.name}": builds image ${image} differently from service "${sameImage.service}"; skaffold builds one artifact per image, so both use the build of "${sameImage.service}"`, b.at, 'give one of them its own image: name');
      }
      continue;
    }
    const { buildArgs, buildArgsFromEnv } = splitBuildArgs(b.args);
    const artifact: BuildArtifact = {
      image,
      context: posix.normalize(posix.join(options.projectFromOut, b.context)),
      buildArgs,
      buildArgsFromEnv,
      usedBy: [workload.valuesKey],
    };
    if (b.dockerfile) artifact.dockerfile = b.dockerfile;
    if (b.dockerfileInline !== undefined) artifact.dockerfileInline = b.dockerfileInline;
    if (b.target) artifact.target = b.target;
    for (const name of buildArgsFromEnv) {
      notes.push({
        service: service.name, key: `build.args.${name}`, status: 'approximated', at: b.at,
        message: `build arg ${name} looks secret; skaffold.yaml reads it from the developer's environment ({{.${name}}}) instead of writing it down`,
        action: `export ${name} before running skaffold`,
      });
    }
    byImage.set(image, { artifact, key, service: service.name });
    if (!byBuild.has(key)) byBuild.set(key, { artifact, tag: workload.image.tag });
  }
  for (const { artifact } of byImage.values()) artifact.usedBy.sort();
  return [...byImage.values()].map((e) => e.artifact).sort((a, b) => byCodeUnit(a.image, b.image));
}

/** Identity of a build: two services with the same key produce the same image. */
function buildKey(b: BuildSpec): string {
  const args = Object.entries(b.args).sort(([x], [y]) => byCodeUnit(x, y));
  const dockerfile = b.dockerfileInline !== undefined ? null : posix.normalize(b.dockerfile ?? 'Dockerfile');
  return JSON.stringify([posix.normalize(b.context), dockerfile, b.dockerfileInline ?? null, b.target ?? null, args]);
}

/** Secret-looking args stay out of skaffold.yaml (only their names go through). */
function splitBuildArgs(args: Record<string, string>): { buildArgs: Record<string, string>; buildArgsFromEnv: string[] } {
  const buildArgs = emptyRecord<string>();
  const buildArgsFromEnv: string[] = [];
  for (const [name, value] of Object.entries(args).sort(([x], [y]) => byCodeUnit(x, y))) {
    if (classifyEnv(name, value, false, false).secret) buildArgsFromEnv.push(name);
    else buildArgs[name] = value;
  }
  return { buildArgs, buildArgsFromEnv };
}
