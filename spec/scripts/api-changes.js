// What changed between two bundles of one API, classed by api-smart-diff (breaking, non-breaking, annotation, …):
// printed by `pnpm api:update` and by the spec tests' check against git HEAD (scripts/changes.js). Informational.
import { apiCompare } from 'api-smart-diff';

const ORDER = ['breaking', 'risky', 'deprecated', 'non-breaking', 'annotation', 'unclassified'];

/** @param {(string | number)[]} path */
const pointer = (path) => `#/${path.map((key) => String(key).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

/**
 * The classed changes from `before` to `after`, one line each, most severe class first.
 * @param {unknown} before @param {unknown} after
 * @returns {{ type: string, line: string }[]}
 */
export function classedChanges(before, after) {
  const { diffs } = apiCompare(before, after);
  return diffs
    .map((diff) => ({
      type: String(diff.type),
      line: `${diff.type}: ${diff.description || `[${diff.action}] ${pointer(diff.path)}`} (${pointer(diff.path)})`,
    }))
    .sort((a, b) => ORDER.indexOf(a.type) - ORDER.indexOf(b.type));
}

/** A printable report of the changes of one API. @param {string} title @param {unknown} before @param {unknown} after */
export function changesReport(title, before, after) {
  const changes = classedChanges(before, after);
  if (changes.length === 0) return `${title}: no change to operations, parameters or schemas`;
  const counts = ORDER.map((type) => [type, changes.filter((change) => change.type === type).length])
    .filter(([, count]) => count)
    .map(([type, count]) => `${count} ${type}`)
    .join(', ');
  return [`${title}: ${counts}`, ...changes.map((change) => `  ${change.line}`)].join('\n');
}
