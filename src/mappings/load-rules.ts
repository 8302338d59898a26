/**
 * mappings/*.yaml → rules, each remembering where it was written so the report can say
 * "decided by mappings/platform.yaml:12". Files are read in name order; within the whole list,
 * later rules win over earlier ones of the same specificity.
 */
import type { ErrorObject } from 'ajv';
import type { Diagnostic, DiagnosticSink, SourceRef } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import { parseYaml, type Locate } from '../compose/parse-yaml.js';
import type { MappingFile, Rule } from './rule.js';
import { byCodeUnit } from '../text/order.js';
// Precompiled from rule.ts's mappingFileSchema by scripts/compile-schemas.mjs: loading ajv's
// compiler and compiling the schema cost more than the rest of a small project's run.
import validateGenerated from './generated/mapping-schema-validator.js';

export interface LoadedRule {
  rule: Rule;
  /** Where the rule starts (its `- match:` item). */
  at: SourceRef;
  /** Locates a key inside the rule, for positioned errors. */
  locate: (path: (string | number)[]) => SourceRef;
  /** Position in the combined list; breaks ties between equally specific rules. */
  order: number;
}

function validate(data: unknown): ErrorObject[] {
  return validateGenerated(data) ? [] : [...(validateGenerated.errors ?? [])];
}

export function loadRules(files: { path: string; text: string }[], sink: DiagnosticSink): LoadedRule[] {
  const rules: LoadedRule[] = [];
  for (const { path, text } of [...files].sort((a, b) => byCodeUnit(a.path, b.path))) {
    const parsed = parseYaml(text, path);
    sink.add(parsed.diagnostics);
    if (parsed.diagnostics.length > 0) continue;
    const data = parsed.data ?? { rules: [] };
    const problems = validate(data).map((e) => schemaDiagnostic(e, data, parsed.locate, path));
    sink.add(dedupe(problems));
    if (problems.length > 0) continue;
    (data as MappingFile).rules.forEach((rule, i) => {
      const locate = (p: (string | number)[]) => parsed.locate(['rules', i, ...p], 'key') ?? parsed.locate(['rules', i], 'value') ?? { file: path, line: 1, col: 1 };
      rules.push({ rule, at: locate([]), locate, order: rules.length });
    });
  }
  return rules;
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.at?.line}:${d.at?.col}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function schemaDiagnostic(error: ErrorObject, data: unknown, locate: Locate, file: string): Diagnostic {
  const path = error.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
  const subject = path[0] === 'rules' && typeof path[1] === 'number' ? `rule ${path[1] + 1}` : 'mapping file';
  const field = path.slice(2).join('.');
  const fallback = { file, line: 1, col: 1 };
  if (error.keyword === 'additionalProperties') {
    const key = String(error.params.additionalProperty);
    const allowed = Object.keys(((error.parentSchema as { properties?: object } | undefined)?.properties) ?? {});
    const hint = didYouMean(key, allowed);
    return {
      code: 'MAPPING_SCHEMA', severity: 'error',
      message: `${subject}: unknown key "${[field, key].filter(Boolean).join('.')}"`,
      at: locate([...path, key], 'key') ?? fallback,
      hint: hint ? `did you mean "${hint}"?` : `allowed: ${allowed.join(', ')}`,
    };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params.allowedValues as string[]) ?? [];
    const value = String(path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], data));
    const hint = didYouMean(value, allowed);
    return {
      code: 'MAPPING_SCHEMA', severity: 'error',
      message: `${subject}: ${field} "${value}" is not one of ${allowed.join(', ')}`,
      at: locate(path, 'value') ?? fallback,
      ...(hint ? { hint: `did you mean "${hint}"?` } : {}),
    };
  }
  if (error.keyword === 'pattern') {
    const value = String(path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], data));
    const last = String(path[path.length - 1] ?? '');
    return {
      code: 'MAPPING_SCHEMA', severity: 'error',
      message: `${subject}: ${field} "${value}" is not valid`,
      at: locate(path, 'value') ?? fallback,
      hint: PATTERN_HINTS[last] ?? `it must match ${String(error.params.pattern)}`,
    };
  }
  if (error.keyword === 'required') {
    const key = String(error.params.missingProperty);
    return {
      code: 'MAPPING_SCHEMA', severity: 'error',
      message: `${subject}: ${field ? `${field} needs` : 'needs'} the key "${key}"`,
      at: locate(path, 'value') ?? fallback,
      ...(path.length === 0 ? { hint: 'a mapping file looks like "rules: [ { match: { service: web }, kind: Deployment } ]"' } : {}),
    };
  }
  if (error.keyword === 'type') {
    const where = field || (path[0] === 'rules' && path.length === 1 ? 'rules' : path.length === 0 ? 'the file' : 'it');
    return {
      code: 'MAPPING_SCHEMA', severity: 'error',
      message: `${subject}: ${where} must be ${article(String(error.params.type))}`,
      at: locate(path, 'value') ?? fallback,
      ...(path.length === 0 ? { hint: 'a mapping file is a mapping with one key, "rules:"' } : {}),
    };
  }
  return {
    code: 'MAPPING_SCHEMA', severity: 'error',
    message: `${subject}: ${field || 'rules'} ${error.message ?? 'is invalid'}`,
    at: locate(path, 'value') ?? fallback,
  };
}

function article(type: string): string {
  const names: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', integer: 'a whole number', number: 'a number', boolean: 'true or false' };
  return names[type] ?? type;
}

const PATTERN_HINTS: Record<string, string> = {
  cpu: 'use a Kubernetes CPU quantity such as "500m" or "2"',
  memory: 'use a Kubernetes memory quantity such as "512Mi" or "1Gi"',
  schedule: 'a cron schedule has five fields, such as "0 3 * * *"',
  version: 'use an exact chart version such as "16.7.27"',
  chart: 'a chart name is lowercase letters, digits and "-"',
  serviceSuffix: 'lowercase letters, digits and "-"',
};
