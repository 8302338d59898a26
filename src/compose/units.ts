/** Compose's units: Go-style durations, byte sizes with binary suffixes, fractional CPUs. */

const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
const DURATION_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** `1m30s` → 90. Returns undefined when the text is not a duration. */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return undefined;
  const trimmed = text.trim();
  if (trimmed === '' ) return undefined;
  if (trimmed === '0') return 0;
  DURATION_PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = DURATION_PART.exec(trimmed)) !== null) {
    total += Number(match[1]) * DURATION_SECONDS[match[2]!]!;
    consumed = DURATION_PART.lastIndex;
  }
  return consumed === trimmed.length && consumed > 0 ? total : undefined;
}

const SIZE = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b?)?$/i;
const SIZE_FACTOR: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** `512m` → 536870912, `1.5G` → 1610612736, 1024 → 1024. Compose sizes are binary (docker units). */
export function parseByteSize(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
  const match = SIZE.exec(value.trim());
  if (!match) return undefined;
  return Math.floor(Number(match[1]) * SIZE_FACTOR[match[2]!.toLowerCase()]!);
}

/** `"0.5"` / 0.5 → 500 millicores. */
export function parseCpus(value: string | number): number | undefined {
  const n = typeof value === 'number' ? value : Number(value.trim());
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 1000) : undefined;
}

/** Kubernetes quantity for bytes: the largest exact binary unit (512Mi, 1536Mi, 2Gi). */
export function bytesToQuantity(bytes: number): string {
  const units: [string, number][] = [['Ti', 1024 ** 4], ['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]];
  for (const [suffix, factor] of units) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${suffix}`;
  }
  return String(bytes);
}

/** Kubernetes quantity for millicores: `1` for 1000, `500m` for 500. */
export function millisToQuantity(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Parses a Kubernetes memory quantity back to bytes (for limit ≥ request checks). */
export function quantityToBytes(quantity: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P|m)?$/.exec(quantity.trim());
  if (!match) return undefined;
  const factors: Record<string, number> = {
    '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5,
    k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, m: 1e-3,
  };
  return Number(match[1]) * factors[match[2] ?? '']!;
}

/** Parses a Kubernetes CPU quantity back to millicores. */
export function quantityToMillis(quantity: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity.trim());
  if (!match) return undefined;
  return match[2] === 'm' ? Number(match[1]) : Number(match[1]) * 1000;
}
