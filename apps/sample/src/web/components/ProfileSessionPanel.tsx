import { StatusBadge } from './StatusBadge.js';
import { useState } from 'react';
import { callApi } from '../api.js';
import { useAction } from '../use-action.js';
import { ActionRow } from './ActionRow.js';
import { ProblemNotice } from './ProblemNotice.js';
import type { SteeringChoice } from '../api.js';
import type { ConnectProfileSessionView, PublicConfig } from '../../server/views.js';

/** Telness Connect: start saving a payment method for an order, and cancel it (the vendor's seed 000 flow). */
export function ProfileSessionPanel({ config, steering }: { config: PublicConfig; steering: SteeringChoice }) {
  const [orderId, setOrderId] = useState(config.defaults.orderId);
  const [reason, setReason] = useState('Customer decided not to save payment method');
  const [session, setSession] = useState<ConnectProfileSessionView | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const start = useAction();
  const cancel = useAction();

  async function startSession(event: React.FormEvent) {
    event.preventDefault();
    cancel.clear();
    const result = await start.run(() =>
      callApi<{ session: ConnectProfileSessionView }>('POST', '/api/connect/profile-sessions', { orderId }, steering),
    );
    if (result) {
      setSession(result.session);
      setCancelled(false);
    }
  }

  async function cancelSession() {
    if (!session) return;
    const result = await cancel.run(() =>
      callApi<{ session: ConnectProfileSessionView }>(
        'POST',
        `/api/connect/profile-sessions/${encodeURIComponent(session.id)}/cancel`,
        { reason },
        steering,
      ),
    );
    if (result) {
      setSession(result.session);
      setCancelled(true);
    }
  }

  return (
    <section className="panel" aria-labelledby="profile-title">
      <h2 id="profile-title">Saved payment method</h2>
      <p className="hint">A Telness Connect payment profile session saves a card for later orders.</p>
      <form onSubmit={startSession} className="form">
        <label>
          <span>Order id</span>
          <input value={orderId} onChange={(e) => setOrderId(e.target.value)} required />
        </label>
        <ActionRow label="Start profile session" pendingLabel="Starting…" pending={start.pending} />
      </form>
      <ProblemNotice problem={start.problem} />

      {session && (
        <div className="result" data-testid="profile-session">
          <dl>
            <dt>Profile session</dt>
            <dd>
              <code>{session.id}</code>
            </dd>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={session.status} />
            </dd>
            {session.stripe && (
              <>
                <dt>Publishable key</dt>
                <dd>
                  <code>{session.stripe.publishableKey}</code>
                </dd>
                <dt>Client secret</dt>
                <dd>
                  <code>{session.stripe.clientSecretMasked}</code>
                </dd>
              </>
            )}
          </dl>
          {cancelled ? (
            <p className="notice notice-ok" role="status">
              Profile session cancelled: Connect now records it as {session.status}.
            </p>
          ) : (
            <div className="form">
              <label>
                <span>Reason</span>
                <input value={reason} onChange={(e) => setReason(e.target.value)} />
              </label>
              <ActionRow
                label="Cancel profile session"
                pendingLabel="Cancelling…"
                pending={cancel.pending}
                onClick={cancelSession}
                secondary
              />
            </div>
          )}
          <ProblemNotice problem={cancel.problem} />
        </div>
      )}
    </section>
  );
}
