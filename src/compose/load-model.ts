/**
 * One compose file as compose-go's loadYamlFile sees it: parsed and interpolated, its `extends`
 * resolved, then its `include`s loaded and copied in. The result is ready to be merged with the
 * project's other files.
 */
import { applyExtends } from './apply-extends.js';
import { applyInclude } from './apply-include.js';
import { readComposeFile, type ComposeModel, type ProjectContext } from './read-compose-file.js';

/** undefined when the file cannot be read; the reason has been reported (missing files: by the caller). */
export function loadModel(file: string, ctx: ProjectContext): ComposeModel | undefined {
  const read = readComposeFile(file, ctx);
  if (!read) return undefined;
  const extended = applyExtends(read, file, ctx);
  return applyInclude(extended, file, ctx, loadModel);
}
