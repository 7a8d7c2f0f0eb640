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

/** Builds a fresh copy of the original request for a retry. */
export type Replay = (original: Request) => Request;

const rebuildWithKeptBody: Replay = (original) => {
  const body = (original as ReplayableRequest)[REPLAY_BODY];
  return body === null ? new Request(original) : new Request(original, { body });
};

const rebuildWithoutBody: Replay = (original) => new Request(original);

/**
 * How to rebuild `request` for a retry, or undefined when its body cannot be sent twice (a stream). Must be called
 * before the first attempt consumes the body.
 */
export function replayerFor(request: Request): Replay | undefined {
  if (REPLAY_BODY in request) {
    return (request as ReplayableRequest)[REPLAY_BODY] instanceof ReadableStream ? undefined : rebuildWithKeptBody;
  }
  if (request.body === null) return rebuildWithoutBody;
  // A request with a body that a caller's middleware built: keep an unread copy to clone for each retry.
  const template = request.clone();
  return () => template.clone();
}
