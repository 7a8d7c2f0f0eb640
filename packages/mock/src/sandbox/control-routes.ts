// Apart from the control API itself (control-api.ts), so that `@paykit/mock` exports the list without loading the
// sandbox.

/** The control API's routes, as its index (`GET /__paykit/`) lists them. */
export const CONTROL_ROUTES = [
  'GET  /__paykit/                      this list, the API and the mock clock (a browser gets the dashboard)',
  'GET  /__paykit/accounts              the accounts (one per API key: id, counts, clock); never a key',
  'GET  /__paykit/requests              the request log, oldest first (?after=<id>&limit=100): no keys, no tokens',
  "GET  /__paykit/stream                the dashboard's live updates (Server-Sent Events: request, change)",
  'GET  /__paykit/sessions              sessions, oldest first, a page at a time (?limit=100&cursor=…)',
  'GET  /__paykit/sessions/{id}         one session',
  'POST /__paykit/sessions/{id}/state   {"state":"completed"|"cancelled"|"expired"|"requires_action"|"failed"|"pending"}',
  "GET  /__paykit/clock                 the mock clock (every account's without ?account)",
  'POST /__paykit/clock/advance         {"seconds":1860} or {"to":"2026-12-07T10:00:00Z"}, "expire":true: move the clock ahead',
  'POST /__paykit/clock/reset           the clock back to real time',
  'GET  /__paykit/events                webhook events with every delivery attempt, a page at a time (?type=…&session=…)',
  'POST /__paykit/events                {"type":"payment.session.expired","session":"<id>"?}: send that event now',
  'GET  /__paykit/webhook-endpoints     the endpoints made through the vendor API (never their secrets)',
  'POST /__paykit/events/{id}/resend    deliver an event again',
  'POST /__paykit/reset                 forget every session, key, event, endpoint and logged request; clocks back',
  'any of the above + ?account=acct_…   act on one account only (without it: lists show all, each item with its account)',
  'GET  /__paykit/pages/{token}         hosted page (the URL a create answer gives; test cards: see the README)',
  'GET  /__paykit/pages/{token}/challenge  its 3-D Secure challenge (after the card 4000 0025 0000 3155)',
  'GET  /__paykit/stripe.js             the offline Stripe.js stand-in (Connect embedded sessions; any page may load it)',
  'POST /__paykit/stripe/{action}       what the stand-in asks: retrieve, confirm, authenticate {"clientSecret":…}',
] as const;
