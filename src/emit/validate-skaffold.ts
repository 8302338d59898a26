/**
 * Checks a generated skaffold.yaml against the Skaffold v4beta11 JSON schema, and its apiVersion
 * and kind separately (the schema does not pin them). Used on every run, so a compose2helm bug
 * cannot ship a broken skaffold.yaml, and by the tests.
 */
import { parseAllDocuments } from 'yaml';
import { validate as validateSchema } from './generated/skaffold-schema-validator.js';
import { SKAFFOLD_API_VERSION } from './emit-skaffold.js';

export function validateSkaffold(text: string): string[] {
  const problems: string[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    const data = doc.toJS() as Record<string, unknown> | null;
    if (!data) return;
    if (data.apiVersion !== SKAFFOLD_API_VERSION) problems.push(`document ${i + 1}: apiVersion is ${String(data.apiVersion)}, expected ${SKAFFOLD_API_VERSION}`);
    if (data.kind !== 'Config') problems.push(`document ${i + 1}: kind is ${String(data.kind)}, expected Config`);
    if (!validateSchema(data)) {
      for (const e of validateSchema.errors ?? []) problems.push(`document ${i + 1}: ${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    }
  });
  return problems;
}
