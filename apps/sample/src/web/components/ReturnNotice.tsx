import { webhookStatus } from '../use-webhook-events.js';
import type { ReceivedEvent } from '../../server/views.js';

/**
 * The page a vendor's hosted page sends the browser back to: 1099Policy adds `hps_id` and `status`, this app's
 * Connect checkout `checkout=paid|cancelled`. The redirect is for display only; the signed webhook decides.
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
    return (
      <p className="notice notice-ok" role="status" data-testid="return-notice">
        Back from the Telness Connect checkout ({checkout === 'paid' ? 'paid' : 'cancelled'}). Look the session up to
        see what Connect recorded.
      </p>
    );
  }
  return null;
}
