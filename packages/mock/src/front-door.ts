import { Agent, createServer, request, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ChaosSettingError,
  parseDelay,
  parseFaults,
  pickDelay,
  pickFault,
  type DelayRange,
  type FaultStatus,
  type Rates,
} from './chaos.js';
import { answerPreflight, isPreflight, setCorsHeaders } from './cors.js';
import { hasJsonBody, jsonParseError } from './json-body.js';
import { PRISM_HOST } from './prism-process.js';
import { sendProblem } from './problem.js';
import type { Random } from './random.js';

/** Per-request override of the mock's delay: `300` or `100-800` (ms); `0` turns a configured delay off. */
export const DELAY_HEADER = 'x-mock-delay';
/** Per-request override of the mock's faults: `429`, `503`, `429=0.5,503=0.1` or `none`. */
export const FAULT_HEADER = 'x-mock-fault';

/** Same ceiling as Prism's own body parser. */
const MAX_JSON_BODY_BYTES = 10 * 1024 * 1024;
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection'] as const;
/** Answers up to this size are relayed in one write, without setting up a pipe per request. */
const SMALL_BODY_BYTES = 64 * 1024;

export interface Chaos {
  delay: DelayRange | undefined;
  faults: Rates;
  retryAfterSeconds: number;
  random: Random;
}

export interface FrontDoor {
  readonly port: number;
  /** Points the door at a (new) Prism; undefined while none is ready. */
  setUpstream(port: number | undefined): void;
  close(): Promise<void>;
}

/**
 * The loopback proxy in front of Prism: CORS, latency and fault injection, and a prompt 400 for malformed JSON
 * (which Prism never answers). Everything else streams through unchanged over kept-alive connections.
 */
export function openFrontDoor(options: { host: string; port: number; chaos: Chaos }): Promise<FrontDoor> {
  const { chaos } = options;
  const agent = new Agent({ keepAlive: true, scheduling: 'lifo' });
  let upstreamPort: number | undefined;

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer | undefined, isRetry = false): void => {
    const port = upstreamPort;
    if (port === undefined) {
      sendProblem(res, 503, 'Mock not ready', 'Prism is starting or restarting; try again in a moment.', {
        'retry-after': '1',
      });
      return;
    }
    const headers = req.headers;
    for (const name of HOP_BY_HOP) if (headers[name] !== undefined) delete headers[name];
    if (headers[DELAY_HEADER] !== undefined) delete headers[DELAY_HEADER];
    if (headers[FAULT_HEADER] !== undefined) delete headers[FAULT_HEADER];
    if (body !== undefined) {
      headers['content-length'] = String(body.length);
      delete headers['transfer-encoding'];
    }
    const upstream = request({ host: PRISM_HOST, port, method: req.method, path: req.url, headers, agent });
    upstream.once('response', (answer) => {
      const answerHeaders: OutgoingHttpHeaders = answer.headers;
      for (const name of HOP_BY_HOP) if (answerHeaders[name] !== undefined) delete answerHeaders[name];
      res.writeHead(answer.statusCode as number, answer.statusMessage, answerHeaders);
      // Prism dying mid-answer must not leave the client waiting for the rest.
      answer.once('error', () => res.destroy());
      if (Number(answer.headers['content-length']) <= SMALL_BODY_BYTES) relaySmallBody(answer, res);
      else answer.pipe(res);
    });
    upstream.once('error', (error: NodeJS.ErrnoException) => {
      // Prism may close an idle kept-alive socket just as it is reused; a request that can be replayed gets one retry.
      const replayable = body !== undefined || !hasBody(req);
      if (!isRetry && upstream.reusedSocket && replayable && error.code === 'ECONNRESET') {
        forward(req, res, body, true);
      } else if (!res.headersSent) {
        sendProblem(res, 502, 'Mock upstream failed', `Prism did not answer (${error.code ?? error.message}).`);
      } else {
        res.destroy();
      }
    });
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (body !== undefined) upstream.end(body);
    else if (hasBody(req)) req.pipe(upstream);
    else upstream.end();
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (isPreflight(req)) return answerPreflight(req, res);
      setCorsHeaders(res, origin);
    }
    let delay = chaos.delay;
    let faults = chaos.faults;
    let faultSource = 'the fault rates this mock was started with';
    try {
      const delayHeader = req.headers[DELAY_HEADER];
      if (typeof delayHeader === 'string') delay = parseDelay(delayHeader, 'X-Mock-Delay header');
      const faultHeader = req.headers[FAULT_HEADER];
      if (typeof faultHeader === 'string') {
        faults = parseFaults(faultHeader, 'X-Mock-Fault header');
        faultSource = 'the X-Mock-Fault header';
      }
    } catch (error) {
      if (!(error instanceof ChaosSettingError)) throw error;
      req.resume();
      return sendProblem(res, 400, 'Bad mock header', error.message);
    }
    const delayMs = pickDelay(delay, chaos.random);
    const fault = pickFault(faults, chaos.random);

    const proceed = (body: Buffer | undefined): void => {
      if (req.socket.destroyed) return;
      if (fault !== undefined) {
        req.resume();
        sendFault(res, fault, faultSource, chaos.retryAfterSeconds);
      } else {
        forward(req, res, body);
      }
    };
    const proceedAfterDelay = (body: Buffer | undefined): void => {
      if (delayMs === 0) proceed(body);
      else setTimeout(proceed, delayMs, body);
    };

    if (!hasJsonBody(req.headers)) return proceedAfterDelay(undefined);
    readBody(req).then(
      (body) => {
        const problem = jsonParseError(body.toString('utf8'));
        if (problem === undefined) proceedAfterDelay(body);
        else sendProblem(res, 400, 'Malformed JSON request body', `The request body is not valid JSON: ${problem}.`);
      },
      (error: Error) => {
        if (!res.headersSent && !req.socket.destroyed) sendProblem(res, 413, 'Request body too large', error.message);
      },
    );
  };

  const server = createServer(handle);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        setUpstream: (port) => {
          upstreamPort = port;
        },
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
            agent.destroy();
          }),
      });
    });
  });
}

/** Most mock answers are a few hundred bytes: one `end()` is cheaper than a pipe and sends head and body together. */
function relaySmallBody(answer: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  answer.on('data', (chunk: Buffer) => chunks.push(chunk));
  answer.once('end', () => res.end(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is drained unread, so the connection stays usable for the 413.
      if (size <= MAX_JSON_BODY_BYTES) chunks.push(chunk);
    });
    req.once('end', () => {
      if (size <= MAX_JSON_BODY_BYTES) resolve(Buffer.concat(chunks, size));
      else reject(new Error(`A JSON request body may be at most ${MAX_JSON_BODY_BYTES} bytes.`));
    });
    req.once('error', reject);
  });
}

function sendFault(res: ServerResponse, status: FaultStatus, source: string, retryAfterSeconds: number): void {
  const detail = `Injected by the paykit mock because of ${source}; Prism was not asked.`;
  if (status === 429) {
    sendProblem(res, 429, 'Too Many Requests', detail, { 'retry-after': String(retryAfterSeconds) });
  } else {
    sendProblem(res, 503, 'Service Unavailable', detail);
  }
}
