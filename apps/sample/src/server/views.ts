/**
 * The JSON the page receives. The server decides what a browser may see: the 1099Policy single-use `url`
 * goes only to the browser that created the session, and client secrets arrive masked (but for the embedded checkout's,
 * in its create response only: Stripe.js needs it in that browser).
 */

export interface Ten99SessionView {
  id: string;
  contractorId: string;
  status: string;
  returnUrl: string;
  created: number;
  expiresAt: number;
  cancelledAt: number | null;
  completedAt: number | null;
  /** The single-use hosted-page link; present only in the create response. */
  url?: string;
}

export type ConnectPaymentSessionView = {
  id: string;
  orderId: string;
  status: string;
  paymentProvider: string;
} & (
  | {
      kind: 'embedded';
      publishableKey: string;
      clientSecretMasked: string;
      paymentIntentId: string;
      /** What Stripe.js confirms the payment with; present only in the create response, for the browser that started it. */
      clientSecret?: string;
    }
  | { kind: 'hosted'; checkoutUrl: string }
);

export interface ConnectProfileSessionView {
  id: string;
  orderId: string;
  status: string;
  paymentProvider: string;
  stripe?: { publishableKey: string; clientSecretMasked: string; setupIntentId: string };
}

/** What the page shows about one verified 1099Policy webhook event. */
export interface ReceivedEvent {
  id: string;
  type: string;
  /** The event's own timestamp (epoch seconds), as the vendor sent it. */
  created: number;
  /** When this server accepted it (epoch ms). */
  receivedAt: number;
  sessionId?: string;
  sessionStatus?: string;
}

export interface WebhookSendResult {
  /** The HTTP status our own webhook endpoint answered with. */
  status: number;
  listed: boolean;
  message: string;
}

/** What the page shows for any failure: plain words, optionally the vendor's code and its own message. */
export interface Problem {
  message: string;
  code?: string;
  vendorMessage?: string;
}

/** A response the mock can be asked for with `Prefer: code=<status>, example=<name>`. */
export interface MockScenario {
  status: number;
  example: string;
}

/** A vendor error the dev panel can force on one operation. */
export interface ForcedErrorChoice {
  key: string;
  label: string;
}

export interface FaultPreset {
  name: string;
  label: string;
}

export interface DevTools {
  /** The spec's error examples, each forced on its own operation. */
  forcedErrors: ForcedErrorChoice[];
  webhookExamples: Array<{ key: string; type: string }>;
  faults: FaultPreset[];
}

export interface PublicConfig {
  /** Where this server sends vendor calls (no keys in them). */
  vendors: { connect: string; ten99policy: string };
  defaults: { contractor: string; returnUrl: string; orderId: string };
  /** The Stripe.js the embedded checkout loads (the Connect mock's offline stand-in, or Stripe's own). */
  stripeJsUrl: string;
  devTools: DevTools | null;
}

/** Keeps the secret's type prefix (`pi_..._secret_`) so a developer can tell which secret it is, hides the rest. */
export function maskSecret(secret: string): string {
  const marker = secret.indexOf('_secret_');
  const visible = marker >= 0 ? secret.slice(0, marker + '_secret_'.length) : secret.slice(0, 3);
  return `${visible}••••`;
}
