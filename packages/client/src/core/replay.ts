/** Where ReplayableRequest keeps the body it was built with. */
export const REPLAY_BODY = Symbol('paykit.replayBody');

/**
 * The `Request` class handed to openapi-fetch: a plain Request that also keeps the body it was built with (the
 * serialized JSON string), so that a retry can send the same bytes again without cloning or buffering the body of
 * every request up front.
 */
export class ReplayableRequest extends Request {
  readonly [REPLAY_BODY]: BodyInit | null;

  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, init);
    this[REPLAY_BODY] = init?.body ?? null;
  }

  // openapi-fetch checks what middleware returns with `instanceof` the Request class it was given; any Request
  // must pass, or middleware returning `new Request(...)` would break.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Request;
  }
}

/**
 * A factory of fresh copies of `request` for retries, or undefined when its body cannot be sent twice (a stream).
 * Must be called before the first attempt consumes the body.
 */
export function replayerFor(request: Request): (() => Request) | undefined {
  if (REPLAY_BODY in request) {
    const body = (request as ReplayableRequest)[REPLAY_BODY];
    if (body === null) return () => new Request(request);
    if (body instanceof ReadableStream) return undefined;
    return () => new Request(request, { body });
  }
  // A request replaced by a caller's middleware: keep an unread copy to clone for each retry.
  if (request.body === null) return () => new Request(request);
  const template = request.clone();
  return () => template.clone();
}
