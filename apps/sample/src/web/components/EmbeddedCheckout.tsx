import { useEffect, useRef, useState } from 'react';
import { callApi } from '../api.js';
import { loadStripeJs, type StripeElements, type StripeInstance } from '../stripe-js.js';
import { StatusBadge } from './StatusBadge.js';
import type { ConnectPaymentSessionView } from '../../server/views.js';

/** Where the checkout stands, each with what the customer sees. */
type Phase =
  | { name: 'loading' }
  | { name: 'ready' }
  | { name: 'confirming' }
  | { name: 'declined'; message: string; code: string }
  | { name: 'paid' }
  | { name: 'failed'; message: string; code: string }
  | { name: 'broken'; message: string };

export interface EmbeddedSession {
  id: string;
  publishableKey: string;
  clientSecret: string;
}

/**
 * Connect's embedded checkout in the page: Stripe.js (against the sandbox, the mock's offline stand-in) renders the
 * card form in the element below, and confirms the payment with `redirect: 'if_required'`, so a 3-D Secure
 * challenge is met in the page. While it confirms, the session's status is read from Connect through this server,
 * so REQUIRES_ACTION shows while the challenge waits; `onSettled` lets the panel look the session up when it ends.
 */
export function EmbeddedCheckout({
  session,
  stripeJsUrl,
  onSettled,
}: {
  session: EmbeddedSession;
  stripeJsUrl: string;
  onSettled: (id: string) => void;
}) {
  const mountRef = useRef<HTMLDivElement>(null);
  const stripeRef = useRef<{ stripe: StripeInstance; elements: StripeElements } | null>(null);
  const [phase, setPhase] = useState<Phase>({ name: 'loading' });
  const [liveStatus, setLiveStatus] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let destroy = () => {};
    loadStripeJs(stripeJsUrl).then(
      (Stripe) => {
        if (cancelled || !mountRef.current) return;
        try {
          const stripe = Stripe(session.publishableKey);
          const elements = stripe.elements({ clientSecret: session.clientSecret });
          const element = elements.create('payment');
          element.on('ready', () => !cancelled && setPhase({ name: 'ready' }));
          element.mount(mountRef.current);
          stripeRef.current = { stripe, elements };
          destroy = () => element.destroy();
        } catch (error) {
          setPhase({ name: 'broken', message: (error as Error).message });
        }
      },
      (error: Error) => !cancelled && setPhase({ name: 'broken', message: error.message }),
    );
    return () => {
      cancelled = true;
      destroy();
    };
  }, [session.clientSecret, session.publishableKey, stripeJsUrl]);

  // While a confirm is under way, what Connect records (REQUIRES_ACTION while a 3-D Secure challenge waits).
  useEffect(() => {
    if (phase.name !== 'confirming') return;
    const read = () =>
      callApi<{ session: ConnectPaymentSessionView }>(
        'GET',
        `/api/connect/payment-sessions/${encodeURIComponent(session.id)}`,
      ).then(
        (result) => setLiveStatus(result.session.status),
        () => undefined,
      );
    const timer = setInterval(read, 1000);
    void read();
    return () => clearInterval(timer);
  }, [phase.name, session.id]);

  async function pay() {
    const ready = stripeRef.current;
    if (!ready) return;
    setPhase({ name: 'confirming' });
    setLiveStatus(null);
    const returnUrl = new URL(`/?checkout=embedded&session=${encodeURIComponent(session.id)}`, window.location.href);
    const { paymentIntent, error } = await ready.stripe.confirmPayment({
      elements: ready.elements,
      confirmParams: { return_url: returnUrl.href },
      redirect: 'if_required',
    });
    if (paymentIntent?.status === 'succeeded') setPhase({ name: 'paid' });
    else if (error?.type === 'validation_error')
      setPhase({ name: 'ready' }); // The form shows it by its field.
    else if (error?.type === 'card_error' || error?.type === 'api_connection_error') {
      setPhase({ name: 'declined', message: error.message ?? 'The card was refused.', code: errorCode(error) });
    } else {
      const message = error?.message ?? `The payment ended ${paymentIntent?.status ?? 'without an answer'}.`;
      setPhase({ name: 'failed', message, code: error ? errorCode(error) : '' });
    }
    onSettled(session.id);
  }

  const canPay = phase.name === 'ready' || phase.name === 'declined';
  return (
    <div className="embedded-checkout" data-testid="embedded-checkout">
      <h3>Pay in the page</h3>
      <p className="hint">
        Test cards: <code>4242 4242 4242 4242</code> succeeds, <code>4000 0000 0000 0002</code> is declined,{' '}
        <code>4000 0025 0000 3155</code> asks for 3-D Secure. Any future expiry, any CVC.
      </p>
      <div ref={mountRef} className="payment-element" data-testid="payment-element" />
      {phase.name === 'loading' && <p className="hint">Loading the card form…</p>}
      {phase.name === 'broken' && (
        <p className="notice notice-error" role="alert">
          The card form could not start: {phase.message}
        </p>
      )}
      {phase.name === 'confirming' && (
        <p className="notice notice-warn" role="status" data-testid="checkout-state">
          Confirming the payment… If the card asks for 3-D Secure, answer the challenge in the form above.
          {liveStatus && (
            <>
              {' '}
              Connect records <StatusBadge status={liveStatus} />
              {liveStatus === 'REQUIRES_ACTION' && ' (waiting for the customer to authenticate)'}.
            </>
          )}
        </p>
      )}
      {phase.name === 'declined' && (
        <div className="notice notice-error" role="alert" data-testid="checkout-state">
          <p>{phase.message} Try another card: the session stays open.</p>
          <p className="notice-detail">
            <code>{phase.code}</code>
          </p>
        </div>
      )}
      {phase.name === 'failed' && (
        <div className="notice notice-error" role="alert" data-testid="checkout-state">
          <p>The payment failed: {phase.message} Start a new checkout to try again.</p>
          {phase.code && (
            <p className="notice-detail">
              <code>{phase.code}</code>
            </p>
          )}
        </div>
      )}
      {phase.name === 'paid' && (
        <p className="notice notice-ok" role="status" data-testid="checkout-state">
          Payment succeeded. The session below is as Connect records it.
        </p>
      )}
      {(canPay || phase.name === 'confirming') && (
        <div className="actions">
          <button type="button" onClick={pay} disabled={!canPay}>
            {phase.name === 'confirming' ? 'Paying…' : 'Pay'}
          </button>
        </div>
      )}
    </div>
  );
}

/** Stripe's code, with the decline code when there is one: `card_declined / insufficient_funds`. */
function errorCode(error: { code?: string; decline_code?: string; type: string }): string {
  return [error.code ?? error.type, error.decline_code].filter(Boolean).join(' / ');
}
