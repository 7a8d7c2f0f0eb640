/** One path of the spec, by its template. */
export interface Route {
  pathTemplate: string;
}

export interface RouteMatch<R extends Route = Route> {
  route: R;
  pathParams: Record<string, string>;
}

export interface Router<R extends Route = Route> {
  /** The path whose template matches `path` (concrete segments win over templated ones), or undefined. */
  match(path: string): RouteMatch<R> | undefined;
  readonly routes: readonly R[];
}

interface TemplatedSegment<R> {
  pattern: RegExp;
  names: string[];
  next: Node<R>;
}

interface Node<R> {
  concrete: Map<string, Node<R>>;
  templated: TemplatedSegment<R>[];
  route?: R;
}

const newNode = <R>(): Node<R> => ({ concrete: new Map(), templated: [] });
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `{id}` or `{id}.json`: a regex over one segment and the names of the values it captures. */
function compileSegment(segment: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  let source = '';
  let last = 0;
  for (const found of segment.matchAll(/\{([^}]+)\}/g)) {
    source += escapeRegExp(segment.slice(last, found.index));
    source += '([^/]+?)';
    names.push(found[1] as string);
    last = (found.index as number) + found[0].length;
  }
  source += escapeRegExp(segment.slice(last));
  return { pattern: new RegExp(`^${source}$`), names };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Compiles the spec's path templates once per spec load into a segment tree, so a request is matched in time
 * proportional to its depth, not to the number of operations (Prism's own router scores and sorts every operation
 * on every request).
 */
export function compileRouter<R extends Route>(routes: readonly R[]): Router<R> {
  const root = newNode<R>();
  for (const route of routes) {
    let node = root;
    for (const segment of route.pathTemplate.split('/').slice(1)) {
      if (!segment.includes('{')) {
        let next = node.concrete.get(segment);
        if (!next) node.concrete.set(segment, (next = newNode<R>()));
        node = next;
        continue;
      }
      const existing = node.templated.find(
        (templated) => templated.pattern.source === compileSegment(segment).pattern.source,
      );
      if (existing) {
        node = existing.next;
      } else {
        const templated = { ...compileSegment(segment), next: newNode<R>() };
        node.templated.push(templated);
        node = templated.next;
      }
    }
    node.route = route;
  }

  const walk = (node: Node<R>, segments: string[], index: number, values: [string, string][]): R | undefined => {
    if (index === segments.length) return node.route;
    const segment = segments[index] as string;
    const concrete = node.concrete.get(segment);
    if (concrete) {
      const found = walk(concrete, segments, index + 1, values);
      if (found) return found;
    }
    if (segment === '') return undefined;
    for (const templated of node.templated) {
      const captured = templated.pattern.exec(segment);
      if (!captured) continue;
      const mark = values.length;
      for (const [i, name] of templated.names.entries()) values.push([name, safeDecode(captured[i + 1] as string)]);
      const found = walk(templated.next, segments, index + 1, values);
      if (found) return found;
      values.length = mark;
    }
    return undefined;
  };

  return {
    routes,
    match(path) {
      if (!path.startsWith('/')) return undefined;
      const values: [string, string][] = [];
      const route = walk(root, path.split('/').slice(1), 0, values);
      return route && { route, pathParams: Object.fromEntries(values) };
    },
  };
}
