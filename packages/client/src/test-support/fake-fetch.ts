// A scripted stand-in for fetch: no mocking library, just a queue of answers and a log of what was sent.
import type { FetchLike } from '../core/options.js';

export interface SentRequest {
  method: string;
  url: string;
  headers: Headers;
  /** The body as the server would have received it. */
  body: string | null;
  signal: AbortSignal | undefined;
}

/** An answer: a Response, an Error to throw (a network failure), or a function of the request. */
export type Answer = Response | Error | ((sent: SentRequest) => Response | Error | Promise<Response | Error>);

export interface FakeFetch extends FetchLike {
  readonly sent: SentRequest[];
}

/** A fetch that answers each call with the next answer in line, and fails the test when none is left. */
export function fakeFetch(...answers: Answer[]): FakeFetch {
  const sent: SentRequest[] = [];
  const queue = [...answers];
  const fetch = async (input: Request, init?: RequestInit): Promise<Response> => {
    const signal = init?.signal ?? input.signal;
    const request: SentRequest = {
      method: input.method,
      url: input.url,
      headers: new Headers(input.headers),
      body: input.body === null ? null : await input.text(),
      signal: signal ?? undefined,
    };
    sent.push(request);
    if (signal?.aborted) throw signal.reason;
    const next = queue.shift();
    if (next === undefined) throw new Error(`fakeFetch: unexpected call ${request.method} ${request.url}`);
    const answer = typeof next === 'function' ? await next(request) : next;
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return Object.assign(fetch, { sent });
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** An answer that never comes: it rejects with the signal's reason once the attempt is aborted, like fetch. */
export function hang(): Answer {
  return (sent) =>
    new Promise<Response>((_, reject) => {
      if (!sent.signal) throw new Error('hang(): the request has no signal, so it would hang forever');
      if (sent.signal.aborted) reject(sent.signal.reason);
      sent.signal.addEventListener('abort', () => reject(sent.signal?.reason), { once: true });
    });
}

/** A network failure shaped like undici's. */
export function networkError(code = 'ECONNRESET'): Error {
  const cause = Object.assign(new Error(`read ${code}`), { code });
  return new TypeError('fetch failed', { cause });
}

/** A 200 whose body never finishes arriving; like a real fetch body, it fails when the attempt is aborted. */
export function stalledBody(): Answer {
  return (sent) =>
    new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"partial":'));
          sent.signal?.addEventListener('abort', () => controller.error(sent.signal?.reason), { once: true });
        },
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
}
