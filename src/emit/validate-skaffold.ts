/**
 * Checks a generated skaffold.yaml against the Skaffold v4beta11 JSON schema, and its apiVersion
 * and kind separately (the schema does not pin them). Every run checks the data it wrote
 * skaffold.yaml from (validateSkaffoldConfig), so a compose2helm bug cannot ship a broken file;
 * the tests check the text itself (validateSkaffold), which also covers the YAML writer.
 */
import { parseAllDocuments } from 'yaml';
import { validate as validateSchema } from './generated/skaffold-schema-validator.js';
import { SKAFFOLD_API_VERSION } from './emit-skaffold.js';

export function validateSkaffold(text: string): string[] {
  return parseAllDocuments(text).flatMap((doc, i) => {
    const data = doc.toJS() as Record<string, unknown> | null;
    return data ? validateSkaffoldConfig(data).map((problem) => `document ${i + 1}: ${problem}`) : [];
  });
}

/**
 * The problems of one skaffold config as data. Parsing the written text back instead cost
 * 125–190 ms of a 1,000-service run (issue #9); the tests hold the text to the same check.
 */
export function validateSkaffoldConfig(data: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (data.apiVersion !== SKAFFOLD_API_VERSION) problems.push(`apiVersion is ${String(data.apiVersion)}, expected ${SKAFFOLD_API_VERSION}`);
  if (data.kind !== 'Config') problems.push(`kind is ${String(data.kind)}, expected Config`);
  if (!validateSchema(data)) {
    for (const e of validateSchema.errors ?? []) problems.push(`${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  }
  return problems;
}
