// Every `Inferred` label in the hand-written sources of an API: where it is (file and place) and the sentence a
// reader should find on the rendered page, as Redoc renders the Markdown (no `**`, no backticks, one space).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

export interface InferredLabel {
  /** `components/schemas/X.yaml#/properties/y/description`. */
  where: string;
  /** The property the label describes (its row on the page), when it sits on one. */
  property: string | undefined;
  /** The sentence with the label, as rendered text. */
  sentence: string;
}

const LABEL = /\binferred\b/i;

/** Markdown as Redoc renders it to text: emphasis and code marks dropped, links to their text, whitespace collapsed. */
export function renderedText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The sentences of a text that carry the label. */
function labelledSentences(text: string): string[] {
  return renderedText(text)
    .split(/(?<=[.;:])\s+(?=[A-Z(*])/)
    .filter((sentence) => LABEL.test(sentence));
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? yamlFiles(join(dir, entry.name))
      : entry.name.endsWith('.yaml')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** The labels of one API's sources (`spec/<api>/`): descriptions, enum descriptions and example summaries. */
export function inferredLabels(apiDir: string): InferredLabel[] {
  const labels: InferredLabel[] = [];
  const visit = (node: unknown, file: string, path: string[]) => {
    if (typeof node === 'string') {
      const key = path.at(-1);
      const owner = path.at(-2) === 'x-enumDescriptions' ? 'x-enumDescriptions' : key;
      if (owner !== 'description' && owner !== 'x-enumDescriptions') return;
      const property = path.at(-3) === 'properties' && key === 'description' ? path.at(-2) : undefined;
      for (const sentence of labelledSentences(node)) {
        labels.push({ where: `${file}#/${path.join('/')}`, property, sentence });
      }
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, child] of Object.entries(node)) visit(child, file, [...path, key]);
  };
  for (const file of yamlFiles(apiDir)) {
    // Examples are validated, not read as prose; their summaries are names in a picker.
    if (file.includes(`${join('components', 'examples')}`)) continue;
    visit(parse(readFileSync(file, 'utf8')), relative(apiDir, file), []);
  }
  return labels;
}
