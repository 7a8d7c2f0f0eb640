import { StatusBadge } from './StatusBadge.js';
import { useState } from 'react';
import { callApi } from '../api.js';
import { formatExpiry } from '../format.js';
import { useAction } from '../use-action.js';
import { ActionRow } from './ActionRow.js';
import { ProblemNotice } from './ProblemNotice.js';
import { scenarioIfKnown } from '../scenarios.js';
import type { PublicConfig, Ten99SessionView } from '../../server/views.js';

/** 1099Policy: a contractor adds a card on the vendor's hosted page through a single-use link. */
export function CardOnFilePanel({ config, fault }: { config: PublicConfig; fault: string }) {
  const [contractor, setContractor] = useState(config.defaults.contractor);
  const [returnUrl, setReturnUrl] = useState(config.defaults.returnUrl);
  const [session, setSession] = useState<Ten99SessionView | null>(null);
  const [linkFollowed, setLinkFollowed] = useState(false);
  const [createScenario, setCreateScenario] = useState('');
  const scenarios = config.devTools?.scenarios.ten99policy;
  // The mock's first cancel example is the vendor's generic one (still `pending`); start on the real outcome.
  const [cancelScenario, setCancelScenario] = useState(scenarioIfKnown(scenarios?.['cancelPaymentSession'], '200/cancelled'));
  const create = useAction();
  const cancel = useAction();

  async function startSession(event: React.FormEvent) {
    event.preventDefault();
    cancel.clear();
    const result = await create.run(() =>
      callApi<{ session: Ten99SessionView }>(
        'POST',
        '/api/ten99policy/sessions',
        { contractor, returnUrl },
        { scenario: createScenario, fault },
      ),
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
        { scenario: cancelScenario, fault },
      ),
    );
    // The cancel response never carries the link again; keep showing that it was used up.
    if (result) setSession({ ...result.session, url: undefined });
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
        <ActionRow
          label="Add a card"
          pendingLabel="Starting…"
          pending={create.pending}
          scenario={{
            label: 'Mock answers create with',
            scenarios: scenarios?.['createPaymentSession'],
            value: createScenario,
            onChange: setCreateScenario,
          }}
        />
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
              <StatusBadge status={session.status} />
            </dd>
            <dt>Link expires</dt>
            <dd>{formatExpiry(session.created, session.expiresAt)}</dd>
          </dl>


          {session.url ? (
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
            scenario={{
              label: 'Mock answers cancel with',
              scenarios: scenarios?.['cancelPaymentSession'],
              value: cancelScenario,
              onChange: setCancelScenario,
            }}
          />
          <ProblemNotice problem={cancel.problem} />
        </div>
      )}
    </section>
  );
}
