import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChaosSettingError, decide, DELAY_HEADER, FAULT_HEADER, type Chaos, type Decision } from './chaos.js';
import { answerPreflight, isPreflight, setCorsHeaders } from './cors.js';
import { injectFault } from './injected-fault.js';
import { hasJsonBody, jsonParseError, readBody } from './json-body.js';
import { sendProblem } from './problem.js';
import { createUpstream } from './upstream.js';

export interface FrontDoor {
  readonly port: number;
  /** Points the door at a (new) Prism; undefined while none is ready. */
  setUpstream(port: number | undefined): void;
  /** Prism is gone for good until a new one is set: requests get a 502 problem saying `why`. */
  markGone(why: string): void;
  close(): Promise<void>;
}

/**
 * The loopback server in front of Prism: CORS, latency and fault injection, and a prompt 400 for malformed JSON
 * (which Prism never answers). Everything else goes through to Prism unchanged.
 */
export function openFrontDoor(options: { host: string; port: number; chaos: Chaos }): Promise<FrontDoor> {
  const { chaos } = options;
  // The mock's own headers are not part of the vendor API: Prism never sees them.
  const upstream = createUpstream([DELAY_HEADER, FAULT_HEADER]);

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (isPreflight(req)) return answerPreflight(req, res);
      setCorsHeaders(res, origin);
    }
    let decision: Decision;
    try {
      decision = decide(req.headers, chaos);
    } catch (error) {
      if (!(error instanceof ChaosSettingError)) throw error;
      req.resume();
      return sendProblem(res, 400, 'Bad mock header', error.message);
    }
    const { delayMs, fault, faultSource } = decision;

    const proceed = (body: Buffer | undefined): void => {
      if (req.socket.destroyed) return;
      const rewrite = fault === undefined ? undefined : injectFault(fault, faultSource, chaos.retryAfterSeconds);
      upstream.forward(req, res, body, rewrite);
    };
    const proceedAfterDelay = (body: Buffer | undefined): void => {
      if (delayMs === 0) return proceed(body);
      const timer = setTimeout(proceed, delayMs, body);
      // A caller that gives up on a delayed answer should not leave its timer behind.
      res.once('close', () => clearTimeout(timer));
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
          upstream.target = port === undefined ? { starting: true } : { port };
        },
        markGone: (why) => {
          upstream.target = { gone: why };
        },
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
            upstream.destroy();
          }),
      });
    });
  });
}
