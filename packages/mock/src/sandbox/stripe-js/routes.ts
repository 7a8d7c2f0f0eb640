import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { plainProblem, writeAnswer } from '../../engine/answers.js';
import type { MockAnswer } from '../hook.js';
import type { Sandbox } from '../sandbox.js';
import { authenticate, confirm, retrieve } from './intents.js';

/** The stand-in's own path under `/__paykit/`: the one resource there any page may load (see the front door). */
export const STRIPE_JS_PATH = '/__paykit/stripe.js';

let script: string | undefined;
/**
 * The browser script (assets/stripe.js), read once: the same path from src/ and dist/. It stays out of tsc's build,
 * which would make it a module (`export {}`) that a classic <script> cannot run.
 */
function standInScript(): string {
  script ??= readFileSync(new URL('../../../assets/stripe.js', import.meta.url), 'utf8');
  return script;
}

const ACTIONS: Record<string, (sandbox: Sandbox, input: Record<string, unknown>) => MockAnswer> = {
  retrieve,
  confirm,
  authenticate,
};

/** Whether this sandbox has sessions paid in the page (Connect's embedded and profile sessions). */
const hasIntents = (sandbox: Sandbox): boolean =>
  Object.values(sandbox.vendor.kinds).some((kind) => kind.clientSecret !== undefined);

/**
 * Serves `GET /__paykit/stripe.js` (the Stripe.js stand-in) and `POST /__paykit/stripe/<action>` (what it asks the
 * mock). Returns false for any other path, which the control API answers.
 */
export function serveStripeStandIn(
  sandbox: Sandbox,
  method: string,
  parts: readonly string[],
  input: Record<string, unknown>,
  res: ServerResponse,
): boolean {
  const isScript = parts.length === 1 && parts[0] === 'stripe.js';
  const action = parts.length === 2 && parts[0] === 'stripe' ? ACTIONS[parts[1]!] : undefined;
  if (!isScript && !action) return false;
  if (!hasIntents(sandbox)) {
    writeAnswer(
      res,
      plainProblem(
        404,
        'No Stripe.js here',
        `The ${sandbox.api} sandbox has no sessions paid with Stripe.js in the page.`,
      ),
    );
    return true;
  }
  if (isScript) {
    if (method !== 'GET' && method !== 'HEAD') {
      writeAnswer(res, {
        ...plainProblem(405, 'Method not allowed', 'stripe.js takes GET.'),
        headers: { allow: 'GET, HEAD', 'content-type': 'application/problem+json' },
      });
      return true;
    }
    const body = standInScript();
    writeAnswer(res, {
      status: 200,
      // Re-read by the browser on each load: a newer mock brings a newer stand-in.
      headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' },
      body: method === 'HEAD' ? undefined : body,
    });
    return true;
  }
  if (method !== 'POST') {
    writeAnswer(
      res,
      plainProblem(405, 'Method not allowed', `/__paykit/stripe/${parts[1]} takes POST with a JSON body.`),
    );
    return true;
  }
  const answer = action!(sandbox, input);
  writeAnswer(res, {
    status: answer.status,
    // The client secret is in these answers: never cached.
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify(answer.body),
  });
  return true;
}
