/**
 * Mermaid's own parser, offline, for the report's dependency graph. Mermaid sanitises labels with
 * DOMPurify, which has no DOM to work with under Node; the parse itself does not need it, so the
 * sanitiser is replaced by the identity before Mermaid loads. (The DOMPurify imported here is the
 * instance Mermaid imports: one module, one object.)
 */
import DOMPurify from 'dompurify';

type Sanitiser = { addHook: () => void; removeHook: () => void; removeHooks: () => void; removeAllHooks: () => void; sanitize: (s: unknown) => string };

let mermaid: Promise<{ parse: (text: string) => Promise<{ diagramType: string } | false> }> | undefined;

function loadMermaid() {
  if (!mermaid) {
    const purify = DOMPurify as unknown as Sanitiser;
    purify.addHook = () => {};
    purify.removeHook = () => {};
    purify.removeHooks = () => {};
    purify.removeAllHooks = () => {};
    purify.sanitize = (s) => String(s);
    mermaid = import('mermaid').then((m) => m.default);
  }
  return mermaid;
}

/** Parses a diagram with Mermaid; resolves to its diagram type, rejects with Mermaid's parse error. */
export async function parseMermaid(text: string): Promise<string> {
  const result = await (await loadMermaid()).parse(text);
  if (!result) throw new Error('Mermaid did not recognise the diagram');
  return result.diagramType;
}
