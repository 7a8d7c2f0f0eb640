import { StatusBadge } from './StatusBadge.js';
import { useState } from 'react';
import { callApi } from '../api.js';
import { useAction } from '../use-action.js';
import { ActionRow } from './ActionRow.js';
import { EmbeddedCheckout, type EmbeddedSession } from './EmbeddedCheckout.js';
import { ProblemNotice } from './ProblemNotice.js';
import type { SteeringChoice } from '../api.js';
import type { ConnectPaymentSessionView, PublicConfig } from '../../server/views.js';

/**
 * Telness Connect: start a checkout (embedded or hosted) for an order, then look a session up by id: what comes
 * back is what Connect recorded, rendered as an embedded session's widget keys or a hosted checkout link. An
 * embedded checkout is also paid right here, in the card form Stripe.js renders (`EmbeddedCheckout`).
 */
export function PaymentSessionLookup({ config, steering }: { config: PublicConfig; steering: SteeringChoice }) {
  const [orderId, setOrderId] = useState(config.defaults.orderId);
  const [id, setId] = useState('');
  const [session, setSession] = useState<ConnectPaymentSessionView | null>(null);
  const [checkout, setCheckout] = useState<EmbeddedSession | null>(null);
  const create = useAction();
  const lookup = useAction();

  async function lookUp(sessionId: string) {
    const result = await lookup.run(() =>
      callApi<{ session: ConnectPaymentSessionView }>(
        'GET',
        `/api/connect/payment-sessions/${encodeURIComponent(sessionId)}`,
        undefined,
        steering,
      ),
    );
    if (result) setSession(result.session);
  }

  async function start(hosted: boolean) {
    lookup.clear();
    const result = await create.run(() =>
      callApi<{ session: ConnectPaymentSessionView }>(
        'POST',
        '/api/connect/payment-sessions',
        { orderId, hosted },
        steering,
      ),
    );
    if (result) {
      const created = result.session;
      // The client secret goes to Stripe.js only; the session card shows it masked.
      if (created.kind === 'embedded' && created.clientSecret) {
        const { clientSecret, ...shown } = created;
        setCheckout({ id: created.id, publishableKey: created.publishableKey, clientSecret });
        setSession(shown);
      } else {
        setCheckout(null);
        setSession(created);
      }
      setId(created.id);
    }
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    create.clear();
    setSession(null);
    await lookUp(id);
  }

  return (
    <section className="panel" aria-labelledby="lookup-title">
      <h2 id="lookup-title">Payment session</h2>
      <p className="hint">Start a Telness Connect checkout for an order, or look a session up by id.</p>
      <div className="form">
        <label>
          <span>Order id</span>
          <input value={orderId} onChange={(e) => setOrderId(e.target.value)} required />
        </label>
        <div className="actions">
          <button type="button" onClick={() => start(false)} disabled={create.pending}>
            Start embedded checkout
          </button>
          <button type="button" className="secondary" onClick={() => start(true)} disabled={create.pending}>
            Start hosted checkout
          </button>
        </div>
      </div>
      <ProblemNotice problem={create.problem} />
      {checkout && (
        <EmbeddedCheckout key={checkout.id} session={checkout} stripeJsUrl={config.stripeJsUrl} onSettled={lookUp} />
      )}
      <form onSubmit={submit} className="form">
        <label>
          <span>Payment session id</span>
          <input value={id} onChange={(e) => setId(e.target.value)} required />
        </label>
        <ActionRow label="Look up" pendingLabel="Looking up…" pending={lookup.pending} />
      </form>
      <ProblemNotice problem={lookup.problem} />
      {session && <PaymentSessionCard session={session} />}
    </section>
  );
}

function PaymentSessionCard({ session }: { session: ConnectPaymentSessionView }) {
  return (
    <div className={`result result-${session.kind}`} data-testid="connect-session">
      <h3>{session.kind === 'embedded' ? 'Embedded checkout' : 'Hosted checkout'}</h3>
      <dl>
        <dt>Session</dt>
        <dd>
          <code>{session.id}</code>
        </dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={session.status} />
        </dd>
        <dt>Provider</dt>
        <dd>{session.paymentProvider}</dd>
        {session.kind === 'embedded' ? (
          <>
            <dt>Publishable key</dt>
            <dd>
              <code>{session.publishableKey}</code>
            </dd>
            <dt>Client secret</dt>
            <dd>
              <code>{session.clientSecretMasked}</code>{' '}
              <span className="hint">(masked; handed to the widget only)</span>
            </dd>
            <dt>Payment intent</dt>
            <dd>
              <code>{session.paymentIntentId}</code>
            </dd>
          </>
        ) : (
          <>
            <dt>Checkout</dt>
            <dd>
              <a href={session.checkoutUrl} target="_blank" rel="noopener noreferrer">
                Open the hosted checkout page
              </a>
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
