import { StatusBadge } from './StatusBadge.js';
import { useState } from 'react';
import { callApi } from '../api.js';
import { useAction } from '../use-action.js';
import { ActionRow } from './ActionRow.js';
import { ProblemNotice } from './ProblemNotice.js';
import type { ConnectPaymentSessionView, PublicConfig } from '../../server/views.js';

/** Telness Connect: a payment session renders either as an embedded widget or as a hosted checkout link. */
export function PaymentSessionLookup({ config, fault }: { config: PublicConfig; fault: string }) {
  const [id, setId] = useState(config.defaults.paymentSessionId);
  const [scenario, setScenario] = useState('');
  const [session, setSession] = useState<ConnectPaymentSessionView | null>(null);
  const lookup = useAction();

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setSession(null);
    const result = await lookup.run(() =>
      callApi<{ session: ConnectPaymentSessionView }>(
        'GET',
        `/api/connect/payment-sessions/${encodeURIComponent(id)}`,
        undefined,
        { scenario, fault },
      ),
    );
    if (result) setSession(result.session);
  }

  return (
    <section className="panel" aria-labelledby="lookup-title">
      <h2 id="lookup-title">Payment session</h2>
      <p className="hint">Look up a Telness Connect payment session and render it the way a checkout would.</p>
      <form onSubmit={submit} className="form">
        <label>
          <span>Payment session id</span>
          <input value={id} onChange={(e) => setId(e.target.value)} required />
        </label>
        <ActionRow
          label="Look up"
          pendingLabel="Looking up…"
          pending={lookup.pending}
          scenario={{
            label: 'Mock answers with',
            scenarios: config.devTools?.scenarios.connect['getPaymentSession'],
            value: scenario,
            onChange: setScenario,
          }}
        />
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
              <code>{session.clientSecretMasked}</code> <span className="hint">(masked; handed to the widget only)</span>
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
