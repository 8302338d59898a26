/**
 * Bugs, as opposed to bad input. A stage that throws unexpectedly is wrapped with what it was
 * working on (a service and its position), so the one line the CLI prints tells the reporter
 * which part of their input triggered it — without a stack trace, and without secret values.
 */
import type { SourceRef } from './diagnostic.js';

export class InternalError extends Error {
  constructor(
    message: string,
    /** What was being processed: `translating service "web"`. */
    readonly activity: string,
    readonly at: SourceRef | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'InternalError';
  }
}

/**
 * Runs `work`; an exception escaping it becomes an InternalError naming `activity` and `at`.
 * The innermost breadcrumb wins: an InternalError from a nested call passes through unchanged.
 */
export function withBreadcrumb<T>(activity: string, at: SourceRef | undefined, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof InternalError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new InternalError(message, activity, at, { cause: error });
  }
}

/**
 * The same bug with `mask` applied to its message: an exception's message can quote the data it
 * choked on (JSON.parse and RegExp errors do), and that data may be a secret from the inputs.
 */
export function maskedInternalError(error: unknown, mask: (text: string) => string): InternalError {
  const message = mask(error instanceof Error ? error.message : String(error));
  if (error instanceof InternalError) return new InternalError(message, error.activity, error.at, { cause: error.cause });
  return new InternalError(message, 'converting the project', undefined, { cause: error });
}

/** The one line printed for a bug: position, activity, message, and what to do about it. */
export function formatInternalError(error: unknown, outDir = 'out'): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const where = error instanceof InternalError && error.at ? `${error.at.file}:${error.at.line}:${error.at.col}  ` : '';
  const activity = error instanceof InternalError ? ` while ${error.activity}` : '';
  return `${where}internal error${activity}: ${message} — this is a bug in compose2helm, not in your files; please report it with the command you ran and this input (${outDir}/ was not changed)`;
}
