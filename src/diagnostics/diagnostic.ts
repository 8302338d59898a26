/**
 * Diagnostics: user-facing errors and warnings. Stages *report* them to a sink and keep going
 * where they can; only the CLI turns them into text and an exit code. Codes are a closed union
 * so tests assert on codes, and the message always names its subject (service, key, file).
 */

/** Where a value came from. Paths are POSIX and relative to the project directory. */
export interface SourceRef {
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
}

export type Severity = 'error' | 'warning';

export type DiagnosticCode =
  // reading files
  | 'FILE_NOT_FOUND'
  | 'FILE_NOT_TEXT'
  | 'YAML_SYNTAX'
  | 'YAML_DUPLICATE_KEY'
  | 'YAML_ALIAS_LIMIT'
  | 'YAML_NOT_MAPPING'
  | 'ENV_FILE_SYNTAX'
  // interpolation
  | 'INTERPOLATION_SYNTAX'
  | 'REQUIRED_VARIABLE'
  // compose model
  | 'COMPOSE_SCHEMA'
  | 'UNKNOWN_SERVICE'
  /** A service names a volume, secret or config the project does not declare. */
  | 'UNDEFINED_RESOURCE'
  | 'DEPENDENCY_CYCLE'
  | 'INVALID_NAME'
  | 'NAME_COLLISION'
  | 'INVALID_VALUE'
  | 'MISSING_IMAGE'
  | 'EXTENDS'
  | 'INCLUDE'
  // mapping rules
  | 'MAPPING_SCHEMA'
  | 'MAPPING_UNKNOWN_SERVICE'
  | 'MAPPING_CONFLICT'
  // seed validation rules
  | 'SEED_RULE'
  // translation
  | 'NOT_TRANSLATED'
  // usage
  | 'USAGE';

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  at?: SourceRef;
  /** A short suggestion ("did you mean …", "set … in .env"). */
  hint?: string;
}

/** Collects diagnostics in the order they were reported. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];

  error(code: DiagnosticCode, message: string, at?: SourceRef, hint?: string): void {
    this.items.push(withOptional({ code, severity: 'error', message }, at, hint));
  }

  warning(code: DiagnosticCode, message: string, at?: SourceRef, hint?: string): void {
    this.items.push(withOptional({ code, severity: 'warning', message }, at, hint));
  }

  add(diagnostics: Iterable<Diagnostic>): void {
    for (const d of diagnostics) this.items.push(d);
  }

  hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }

  warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }
}

function withOptional(d: Diagnostic, at: SourceRef | undefined, hint: string | undefined): Diagnostic {
  if (at) d.at = at;
  if (hint) d.hint = hint;
  return d;
}

/** `file:line:col  message (hint)` — the one text form, used by the CLI and the golden tests. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.at ? `${d.at.file}:${d.at.line}:${d.at.col}  ` : '';
  const hint = d.hint ? ` (${d.hint})` : '';
  return `${where}${d.severity}: ${d.message}${hint}`;
}
