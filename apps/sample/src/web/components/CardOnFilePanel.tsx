import { StatusBadge } from './StatusBadge.js';
import { useState } from 'react';
import { callApi } from '../api.js';
import { formatExpiry } from '../format.js';
import { useAction } from '../use-action.js';
import { ActionRow } from './ActionRow.js';
import { ProblemNotice } from './ProblemNotice.js';
import { webhookStatus } from '../use-webhook-events.js';
import type { SteeringChoice } from '../api.js';
import type { PublicConfig, ReceivedEvent, Ten99SessionView } from '../../server/views.js';

/** 1099Policy: a contractor adds a card on the vendor's hosted page through a single-use link. */
export function CardOnFilePanel(props: {
  config: PublicConfig;
  steering: SteeringChoice;
  events: readonly ReceivedEvent[];
}) {
  const { config, steering, events } = props;
  const [contractor, setContractor] = useState(config.defaults.contractor);
  const [returnUrl, setReturnUrl] = useState(config.defaults.returnUrl);
  const [session, setSession] = useState<Ten99SessionView | null>(null);
  const [linkFollowed, setLinkFollowed] = useState(false);
  const [expiry, setExpiry] = useState<string | null>(null);
  const create = useAction();
  const cancel = useAction();
  const expire = useAction();
  // The signed webhook is the source of truth: once one arrives for this session, its status wins.
  const confirmed = session ? webhookStatus(events, session.id) : undefined;
  const status = confirmed ?? session?.status;

  async function startSession(event: React.FormEvent) {
    event.preventDefault();
    cancel.clear();
    setExpiry(null);
    const result = await create.run(() =>
      callApi<{ session: Ten99SessionView }>('POST', '/api/ten99policy/sessions', { contractor, returnUrl }, steering),
    );
    if (result) {
      setSession(result.session);
      setLinkFollowed(false);
    }
  }

  async function cancelSession() {
    if (!session) return;
    const result = await cancel.run(() =>
      callApi<{ session: Ten99SessionView }>(
        'POST',
        `/api/ten99policy/sessions/${encodeURIComponent(session.id)}/cancel`,
        {},
        steering,
      ),
    );
    // The cancel response never carries the link again; keep showing that it was used up.
    if (result) setSession({ ...result.session, url: undefined });
  }

  async function expireSessions() {
    const result = await expire.run(() =>
      callApi<{ expired: string[]; minutes: number }>('POST', '/api/dev/clock/advance', {}),
    );
    if (result) {
      setExpiry(
        `The mock's clock moved ${result.minutes} minutes ahead: ${result.expired.length === 1 ? '1 session' : `${result.expired.length} sessions`} expired.`,
      );
    }
  }

  return (
    <section className="panel" aria-labelledby="card-title">
      <h2 id="card-title">Card on file</h2>
      <p className="hint">1099Policy collects the card on its own page; this server only ever sees a session.</p>

      <form onSubmit={startSession} className="form">
        <label>
          <span>Contractor id</span>
          <input value={contractor} onChange={(e) => setContractor(e.target.value)} required />
        </label>
        <label>
          <span>Return URL</span>
          <input value={returnUrl} onChange={(e) => setReturnUrl(e.target.value)} required />
        </label>
        <ActionRow label="Add a card" pendingLabel="Starting…" pending={create.pending} />
      </form>
      <ProblemNotice problem={create.problem} />

      {session && (
        <div className="result" data-testid="ten99-session">
          <dl>
            <dt>Session</dt>
            <dd>
              <code>{session.id}</code>
            </dd>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={status ?? session.status} />{' '}
              <span className="hint">
                {confirmed ? '(signed webhook)' : '(as created; the webhook will confirm the outcome)'}
              </span>
            </dd>
            <dt>Link expires</dt>
            <dd>{formatExpiry(session.created, session.expiresAt)}</dd>
          </dl>

          {session.url && status === 'pending' ? (
            <p className="single-use">
              <a
                href={session.url}
                target="_blank"
                rel="noopener noreferrer"
                onClick={() => setLinkFollowed(true)}
                className="button-link"
              >
                Open the card page
              </a>
              <span className="hint">
                {linkFollowed
                  ? 'Link opened. It works once; the signed webhook below reports the outcome.'
                  : 'Single-use link, shown only to you and only now.'}
              </span>
            </p>
          ) : (
            <p className="hint">The single-use link is no longer shown.</p>
          )}

          <ActionRow
            label="Cancel session"
            pendingLabel="Cancelling…"
            pending={cancel.pending}
            onClick={cancelSession}
            secondary
          />
          <ProblemNotice problem={cancel.problem} />
          {config.devTools && (
            <>
              <ActionRow
                label="Let it expire (mock clock +31 min)"
                pendingLabel="Moving the clock…"
                pending={expire.pending}
                onClick={expireSessions}
                secondary
              />
              {expiry && (
                <p className="notice notice-ok" role="status">
                  {expiry}
                </p>
              )}
              <ProblemNotice problem={expire.problem} />
            </>
          )}
        </div>
      )}
    </section>
  );
}
