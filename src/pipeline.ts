/**
 * The whole job as one pure function: input files in, FileTree and diagnostics out. No clock,
 * no network, no process state: files arrive through `readFile`/`listDir`, the environment as data.
 */
import { posix } from 'node:path';
import { DiagnosticSink, type Diagnostic } from './diagnostics/diagnostic.js';
import { loadProject } from './compose/load-project.js';
import { loadRules } from './mappings/load-rules.js';
import { translateProject } from './translate/translate-project.js';
import { validateSeedRules } from './translate/validate-seed.js';
import { emitChart } from './emit/emit-chart.js';
import { emitSkaffold, inlineDockerfilePath } from './emit/emit-skaffold.js';
import { emitReport } from './emit/emit-report.js';
import { fileTree, type FileTree } from './emit/file-tree.js';
import { validateSkaffoldConfig } from './emit/validate-skaffold.js';
import { maskedInternalError } from './diagnostics/internal-error.js';
import { valueMasker } from './text/mask.js';

export interface PipelineInput {
  /** Compose files relative to the working directory (POSIX). */
  composeFiles: string[];
  envFiles: string[];
  environment: Record<string, string | undefined>;
  profiles: string[];
  projectName?: string;
  /** Mapping files, already read (path relative to the working directory). */
  mappingFiles: { path: string; text: string }[];
  /** Output folder relative to the working directory (POSIX). */
  outDir: string;
  readFile: (path: string) => string | undefined;
  listDir: (path: string) => string[] | undefined;
  /**
   * The path with symbolic links resolved (relative to the working directory, POSIX), or
   * undefined when it does not exist. Bind-mounted files whose real path leaves the project are
   * not read, so a link to ~/.ssh or /etc never ends up in a ConfigMap. Omitted: no links.
   */
  realPath?: (path: string) => string | undefined;
}

export interface PipelineResult {
  tree?: FileTree;
  diagnostics: Diagnostic[];
  /** Secret values found in the inputs; printing code masks them. */
  secretValues: string[];
  /** The translated project behind the tree (tests compare the report with its notes). */
  project?: ReturnType<typeof translateProject>;
}

/** Values shorter than this are not masked in an internal error's message (`on` would turn it into `***`). */
const MIN_MASKED_LENGTH = 3;

/**
 * The pipeline; a bug inside it reaches the caller as an InternalError whose message has every
 * value that might be a secret masked: the process environment (interpolation reads secrets from
 * it), every environment value and build argument of the compose services once they are loaded,
 * and the secrets found. Which of them is secret is only known after translation, and the
 * message of a bug is no place to find out.
 */
export function generate(input: PipelineInput): PipelineResult {
  const sensitive: string[] = Object.values(input.environment).filter((v): v is string => v !== undefined);
  try {
    return generateUnmasked(input, sensitive);
  } catch (error) {
    throw maskedInternalError(error, valueMasker(sensitive, MIN_MASKED_LENGTH));
  }
}

function generateUnmasked(input: PipelineInput, sensitive: string[]): PipelineResult {
  const sink = new DiagnosticSink();
  const loadOptions = {
    files: input.composeFiles, envFiles: input.envFiles, environment: input.environment,
    profiles: input.profiles, readFile: input.readFile,
    ...(input.projectName !== undefined ? { projectName: input.projectName } : {}),
  };
  const loaded = loadProject(loadOptions);
  sink.add(loaded.sink.items);
  const rules = loadRules(input.mappingFiles, sink);
  if (!loaded.project || sink.hasErrors()) return { diagnostics: sink.items, secretValues: [] };

  const compose = loaded.project;
  for (const service of compose.services) {
    sensitive.push(...service.environment.map((v) => v.value), ...Object.values(service.build?.args ?? {}));
  }
  const inProject = (path: string) => posix.normalize(posix.join(compose.projectDir, path));
  const projectRoot = input.realPath?.(compose.projectDir || '.');
  const escaped = new Set<string>();
  const staysInProject = (path: string): boolean => {
    const real = input.realPath?.(inProject(path));
    if (real === undefined || projectRoot === undefined) return true;
    const rel = posix.relative(projectRoot, real);
    if (rel !== '..' && !rel.startsWith('../') && !posix.isAbsolute(rel)) return true;
    if (!escaped.has(real)) sink.warning('NOT_TRANSLATED', `bind mount source "${inProject(path)}" is a symbolic link that leads outside the project folder; its contents are not copied into the chart`, undefined, 'copy the file into the project instead of linking it');
    escaped.add(real);
    return false;
  };
  const project = translateProject(compose, rules, sink, {
    // Both paths are relative to the working directory, so the result does not depend on it.
    projectFromOut: posix.relative(input.outDir, compose.projectDir || '.') || '.',
    readFile: (path) => (staysInProject(path) ? input.readFile(inProject(path)) : undefined),
    listDir: (path) => (staysInProject(path) ? input.listDir(inProject(path)) : undefined),
  });
  const validation = validateSeedRules(project, sink);
  const secretValues = project.secrets.map((s) => s.devValue).filter((v) => v.length > 0);
  sensitive.push(...secretValues);
  const skaffoldLayout = { outDir: input.outDir };
  project.builds = project.builds.filter((build) => {
    if (build.dockerfileInline === undefined || inlineDockerfilePath(build, skaffoldLayout) !== undefined) return true;
    // skaffold.yaml names the written-out Dockerfile relative to the context; from a context
    // above the project folder that path would need folder names that differ between clones.
    const user = project.workloads.find((w) => build.usedBy.includes(w.valuesKey));
    const at = compose.services.find((s) => s.name === user?.service)?.build?.at;
    const message = `build.dockerfile_inline with a context outside the project folder cannot be referenced from skaffold.yaml, so skaffold does not build ${build.image}`;
    const action = 'put the Dockerfile in a file inside the build context';
    sink.warning('NOT_TRANSLATED', `service "${user?.service ?? build.image}": ${message}`, at, action);
    // This replaces the generic "build → a skaffold artifact" note of that service.
    project.notes = project.notes.filter((n) => !(n.service === user?.service && n.key === 'build'));
    project.notes.push({ ...(user ? { service: user.service } : {}), key: 'build', status: 'not-translated', message, action, ...(at ? { at } : {}) });
    return false;
  });
  if (sink.hasErrors()) return { diagnostics: sink.items, secretValues };

  const skaffold = emitSkaffold(project, skaffoldLayout);
  const skaffoldProblems = validateSkaffoldConfig(skaffold.config);
  if (skaffoldProblems.length > 0) {
    // A bug in compose2helm must not ship a broken skaffold.yaml.
    throw new Error(`generated skaffold.yaml fails the v4beta11 schema: ${skaffoldProblems.join('; ')}`);
  }
  const warnings = sink.warnings().map((d) => ({ code: d.code, message: d.message, ...(d.at ? { at: d.at } : {}) }));
  const tree = fileTree([
    ...emitChart(project),
    ...skaffold.files,
    ...emitReport({ project, warnings, validation, inputs: [...input.composeFiles, ...input.mappingFiles.map((m) => m.path).sort()], outDir: input.outDir }),
  ]);
  return { tree, diagnostics: sink.items, secretValues, project };
}
