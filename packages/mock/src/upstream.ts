import { Agent, request, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { PRISM_HOST } from './prism-process.js';
import { sendProblem } from './problem.js';

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection'] as const;
/** Answers up to this size are relayed in one write, without setting up a pipe per request. */
const SMALL_BODY_BYTES = 64 * 1024;

/** Where requests go: a ready Prism's port, nothing yet (starting), or a Prism that is gone (why, for the 502). */
export type UpstreamTarget = { port: number } | { starting: true } | { gone: string };

/** Changes the front door makes to one exchange (an injected fault asks Prism for that status). */
export interface Rewrite {
  /** Request headers to set, replacing what the client sent under those names. */
  requestHeaders?: Record<string, string>;
  /** Adjusts the answer's status and headers before they are relayed. */
  answer?: (status: number, headers: OutgoingHttpHeaders) => void;
}

export interface Upstream {
  target: UpstreamTarget;
  /**
   * Sends the request on to Prism and its answer back. `body` is the already-read body (a checked JSON body);
   * without it the request body streams through.
   */
  forward(req: IncomingMessage, res: ServerResponse, body: Buffer | undefined, rewrite?: Rewrite): void;
  destroy(): void;
}

export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/** Most mock answers are a few hundred bytes: one `end()` is cheaper than a pipe and sends head and body together. */
function relaySmallBody(answer: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  answer.on('data', (chunk: Buffer) => chunks.push(chunk));
  answer.once('end', () => res.end(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
}

/**
 * The proxy half of the front door: kept-alive connections to Prism, answers relayed unchanged. The request headers
 * named in `stripHeaders` never reach Prism.
 */
export function createUpstream(stripHeaders: readonly string[]): Upstream {
  const agent = new Agent({ keepAlive: true, scheduling: 'lifo' });
  const dropped = [...HOP_BY_HOP, ...stripHeaders];

  const upstream: Upstream = {
    target: { starting: true },
    forward(req, res, body, rewrite) {
      send(req, res, body, rewrite, false);
    },
    destroy: () => agent.destroy(),
  };

  function send(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer | undefined,
    rewrite: Rewrite | undefined,
    isRetry: boolean,
  ): void {
    const target = upstream.target;
    if ('gone' in target) return sendProblem(res, 502, 'Prism exited', target.gone);
    if (!('port' in target)) {
      sendProblem(res, 503, 'Mock not ready', 'Prism is starting or restarting; try again in a moment.', {
        'retry-after': '1',
      });
      return;
    }
    const { port } = target;
    const headers = req.headers;
    for (const name of dropped) if (headers[name] !== undefined) delete headers[name];
    Object.assign(headers, rewrite?.requestHeaders);
    if (body !== undefined) {
      headers['content-length'] = String(body.length);
      delete headers['transfer-encoding'];
    }
    const outgoing = request({ host: PRISM_HOST, port, method: req.method, path: req.url, headers, agent });
    outgoing.once('response', (answer) => {
      const answerHeaders: OutgoingHttpHeaders = answer.headers;
      for (const name of HOP_BY_HOP) if (answerHeaders[name] !== undefined) delete answerHeaders[name];
      rewrite?.answer?.(answer.statusCode as number, answerHeaders);
      res.writeHead(answer.statusCode as number, answer.statusMessage, answerHeaders);
      // Prism dying mid-answer must not leave the client waiting for the rest.
      answer.on('error', () => res.destroy());
      if (Number(answer.headers['content-length']) <= SMALL_BODY_BYTES) relaySmallBody(answer, res);
      else answer.pipe(res);
    });
    let failed = false;
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (failed) return;
      failed = true;
      // Prism may close an idle kept-alive socket just as it is reused; a request that can be replayed gets one retry.
      const replayable = body !== undefined || !hasBody(req);
      if (!isRetry && outgoing.reusedSocket && replayable && error.code === 'ECONNRESET') {
        send(req, res, body, rewrite, true);
      } else if (!res.headersSent) {
        sendProblem(res, 502, 'Mock upstream failed', `Prism did not answer (${error.code ?? error.message}).`);
      } else {
        res.destroy();
      }
    });
    res.once('close', () => {
      if (!res.writableFinished) outgoing.destroy();
    });
    if (body !== undefined) outgoing.end(body);
    else if (hasBody(req)) req.pipe(outgoing);
    else outgoing.end();
  }

  return upstream;
}
