/** Marks a value written with `!reset` (remove what earlier files set) or `!override` (replace). */
export class MergeDirective {
  constructor(
    readonly directive: 'reset' | 'override',
    readonly value: unknown,
  ) {}
}
