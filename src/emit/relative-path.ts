/**
 * `posix.relative` without the process: both paths are relative to one (unnamed) folder, and the
 * answer never depends on where the process runs. When the way from `from` to `to` would need
 * the names of folders above that base (from = "../x"), there is no such answer: undefined.
 */
import { posix } from 'node:path';

export function relativeWithin(from: string, to: string): string | undefined {
  const split = (p: string) => posix.normalize(p).split('/').filter((s) => s !== '' && s !== '.');
  const a = split(from);
  const b = split(to);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const up = a.slice(common);
  if (up.includes('..')) return undefined;
  return [...up.map(() => '..'), ...b.slice(common)].join('/') || '.';
}
