/** The one place that maps outcomes to exit codes (README and --help show the same table). */
export const EXIT = {
  /** Success, or `--check` found out/ up to date. */
  ok: 0,
  /** `--check` found out/ out of date. */
  drift: 1,
  /** Invalid input or usage; nothing was written. */
  invalid: 2,
} as const;

export const EXIT_TABLE = `Exit codes:
  0  success (with --check: out/ is up to date)
  1  --check found that out/ differs from what the inputs generate
  2  invalid input or usage, or an internal error; nothing was written`;
