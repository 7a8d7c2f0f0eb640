import type { EngineAnswer } from '../engine/answers.js';
import type { MockRequest } from './hook.js';
import type { OperationBehaviour, VendorSandbox } from './vendors/types.js';

/*
 * `Prefer: example=…` (or `code=…`) for a session the sandbox holds: Prism answers the spec's example, whose id is
 * the example's. The answer keeps the session's identity instead: its id and fields, with only what the example
 * is about (its status and that status's timestamps) taken from it. Error answers are the example as it is: the
 * error body is what it is about.
 */

/** Whether Prism's answer was chosen by the request (Prefer, `__example`, `__code`) rather than the spec's default. */
export function isForced(request: MockRequest): boolean {
  const prefer = request.headers.prefer;
  const preferText = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  if (/(^|[\s,;])(example|code)\s*=/i.test(preferText)) return true;
  return request.url.searchParams.has('__example') || request.url.searchParams.has('__code');
}

interface Route {
  method: string;
  pattern: RegExp;
  behaviour: OperationBehaviour;
}

/** The sandbox's read and cancel operations, matched by path like the router (a template's `{x}` is one segment). */
export function forcedRoutes(vendor: VendorSandbox, document: Record<string, unknown>): Route[] {
  const routes: Route[] = [];
  const paths = (document.paths ?? {}) as Record<string, Record<string, { operationId?: string }>>;
  for (const [template, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item ?? {})) {
      const behaviour = operation?.operationId ? vendor.operations[operation.operationId] : undefined;
      if (!behaviour?.idParam) continue;
      const source = template
        .split(/(\{[^}]+\})/)
        .map((part) => (part.startsWith('{') ? `(?<${safeName(part.slice(1, -1))}>[^/]+)` : escapeRegExp(part)))
        .join('');
      routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${source}$`), behaviour });
    }
  }
  return routes;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const safeName = (name: string): string => name.replace(/[^A-Za-z0-9_]/g, '_');

/**
 * The session id a forced request is about, with its behaviour, or undefined when it names none. Path values are
 * %-decoded as the router decodes them.
 */
export function forcedTarget(routes: readonly Route[], request: MockRequest) {
  for (const route of routes) {
    if (route.method !== request.method.toUpperCase()) continue;
    const match = route.pattern.exec(request.url.pathname);
    const raw = match?.groups?.[safeName(route.behaviour.idParam!)];
    if (raw === undefined) continue;
    try {
      return { id: decodeURIComponent(raw), behaviour: route.behaviour };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The forced answer's JSON object body, when it is a success with one. */
export function successBody(answer: EngineAnswer): Record<string, unknown> | undefined {
  if (answer.status < 200 || answer.status >= 300 || answer.body === undefined) return undefined;
  if (!/json/i.test(answer.headers['content-type'] ?? '')) return undefined;
  try {
    const body: unknown = JSON.parse(answer.body);
    return body !== null && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
