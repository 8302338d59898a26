/**
 * One YAML style for every generated file, and a safe way to put Helm template expressions into
 * manifests that are built as data: objects hold placeholder tokens, the object is stringified
 * once, and each token is replaced by its template text at the indentation it landed on. No YAML
 * is spliced by hand and no indent is counted by hand.
 */
import { emitYaml } from './yaml-emitter.js';

/** Block style, no line folding, keys in the order the code wrote them: see YAML_STYLE in yaml-scalar.ts. */
export function toYaml(value: unknown): string {
  return emitYaml(value);
}

/** Every token starts with this; the patterns in `TemplateDoc.substitute` match nothing without it. */
const TOKEN_PREFIX = '__c2h_';

/** A template fragment, given the column where its key starts. */
type Fragment = (keyColumn: number) => string;

export class TemplateDoc {
  private readonly fragments = new Map<string, Fragment>();
  private readonly blocks = new Map<string, Fragment>();

  /** An inline value: `key: {{ expr }}`. */
  expr(expression: string): string {
    return this.inline(() => `{{ ${expression} }}`);
  }

  /** An inline value built from the key's column, e.g. `toYaml … | nindent N`. */
  inline(fragment: Fragment): string {
    const token = `__c2h_inline_${this.fragments.size}__`;
    this.fragments.set(token, fragment);
    return token;
  }

  /** A whole-line block (if/with/range) placed where this key sits in a mapping. */
  block(fragment: Fragment): string {
    const token = `__c2h_block_${this.blocks.size}__`;
    this.blocks.set(token, fragment);
    return token;
  }

  /** Stringifies the object and substitutes every token. */
  render(value: unknown): string {
    const text = toYaml(value);
    // Only lines with a token change; find them instead of splitting every line of a manifest.
    let rendered = '';
    let copied = 0;
    for (let at = text.indexOf(TOKEN_PREFIX); at !== -1; at = text.indexOf(TOKEN_PREFIX, copied)) {
      const start = text.lastIndexOf('\n', at) + 1;
      const newline = text.indexOf('\n', at);
      const end = newline === -1 ? text.length : newline;
      rendered += text.slice(copied, start) + this.substitute(text.slice(start, end));
      copied = end;
    }
    return rendered + text.slice(copied);
  }

  /** One line with tokens: a block token replaces the whole line, inline tokens themselves. */
  private substitute(line: string): string {
    const column = keyColumn(line);
    const blockMatch = /^(\s*)(__c2h_block_\d+__): null$/.exec(line);
    if (blockMatch) return this.blocks.get(blockMatch[2]!)!(column);
    return line.replace(/'?(__c2h_inline_\d+__)'?/g, (_m, token: string) => this.fragments.get(token)!(column));
  }
}

/** Column of the first key on a line, after indentation and any `- ` sequence markers. */
function keyColumn(line: string): number {
  return /^[\s-]*/.exec(line)![0].length;
}

/** `{{- toYaml <expr> | nindent <n> }}` for a value nested under the key at `column`. */
export function nestedYaml(expression: string): Fragment {
  return (column) => `{{- toYaml ${expression} | nindent ${column + 2} }}`;
}

/** `{{- <expr> | nindent <n> }}` for text that is already YAML (an `include` of labels). */
export function nestedText(expression: string): Fragment {
  return (column) => `{{- ${expression} | nindent ${column + 2} }}`;
}
