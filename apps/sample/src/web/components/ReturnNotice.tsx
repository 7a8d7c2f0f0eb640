import { useEffect, useState } from 'react';
import { ApiFailure, callApi } from '../api.js';
import { webhookStatus } from '../use-webhook-events.js';
import { StatusBadge } from './StatusBadge.js';
import type { ConnectPaymentSessionView, Problem, ReceivedEvent } from '../../server/views.js';

/**
 * The page a vendor's hosted page sends the browser back to: 1099Policy adds `hps_id` and `status`, this app's
 * Connect checkout `checkout=paid|cancelled` and `ref`, which this app's server maps to the session (Connect adds
 * nothing to the return URL). The redirect is for display only: the signed webhook, or Connect's record, decides.
 */
export function ReturnNotice({ events }: { events: readonly ReceivedEvent[] }) {
  const query = new URLSearchParams(window.location.search);
  const hpsId = query.get('hps_id');
  const checkout = query.get('checkout');
  if (hpsId) {
    const confirmed = webhookStatus(events, hpsId);
    return (
      <p className="notice notice-ok" role="status" data-testid="return-notice">
        Back from 1099Policy's card page for session <code>{hpsId}</code> (the redirect says{' '}
        <strong>{query.get('status') ?? 'nothing'}</strong>).{' '}
        {confirmed ? `The signed webhook confirms: ${confirmed}.` : 'Waiting for the signed webhook to confirm it…'}
      </p>
    );
  }
  if (checkout === 'paid' || checkout === 'cancelled') {
    return <ConnectReturnNotice outcome={checkout} reference={query.get('ref')} />;
  }
  return null;
}

/** Back from Connect's hosted checkout: the session its `ref` stands for, as Connect records it now. */
function ConnectReturnNotice({ outcome, reference }: { outcome: 'paid' | 'cancelled'; reference: string | null }) {
  const [session, setSession] = useState<ConnectPaymentSessionView | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    if (!reference) return;
    callApi<{ session: ConnectPaymentSessionView }>(
      'GET',
      `/api/connect/checkout-returns/${encodeURIComponent(reference)}`,
    ).then(
      (result) => setSession(result.session),
      (error: unknown) =>
        setProblem(error instanceof ApiFailure ? error.problem : { message: 'Could not look the session up.' }),
    );
  }, [reference]);
  return (
    <p className="notice notice-ok" role="status" data-testid="return-notice">
      {session ? (
        // Connect's record decides: a failed 3-D Secure challenge also returns to the "paid" return URL.
        <>
          Back from the Telness Connect checkout: session <code>{session.id}</code>, Connect records{' '}
          <StatusBadge status={session.status} />.
        </>
      ) : (
        <>
          Back from the Telness Connect checkout ({outcome}).{' '}
          {problem?.message ??
            (reference ? 'Looking the session up…' : 'Look the session up to see what Connect recorded.')}
        </>
      )}
    </p>
  );
}
