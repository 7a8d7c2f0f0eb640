import { useState } from 'react';
import { callApi } from '../api.js';
import { formatEpochShort } from '../format.js';
import { useAction } from '../use-action.js';
import { ProblemNotice } from './ProblemNotice.js';
import type { PublicConfig, WebhookSendResult } from '../../server/views.js';
import type { ReceivedEvent } from '../../server/views.js';

/** 1099Policy's signed webhooks decide the outcome; this lists the ones the server verified. */
export function WebhooksPanel(props: {
  config: PublicConfig;
  events: readonly ReceivedEvent[];
  refresh: () => Promise<void>;
}) {
  const { config, events, refresh } = props;

  return (
    <section className="panel" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhook events</h2>
      <p className="hint">
        1099Policy posts signed events to <code>POST /webhooks/1099policy</code>. Only events whose signature checks out
        are listed; the redirect back from the card page is never trusted.
      </p>
      {config.devTools && <WebhookSimulator config={config} onSent={refresh} />}
      {events.length === 0 ? (
        <p className="empty">No verified events yet.</p>
      ) : (
        <table className="events" aria-label="Verified webhook events">
          <thead>
            <tr>
              <th>Event</th>
              <th>Session</th>
              <th>Status</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td>
                  <strong>{event.type}</strong>
                  <br />
                  <code>{event.id}</code>
                </td>
                <td>{event.sessionId ? <code>{event.sessionId}</code> : '—'}</td>
                <td>{event.sessionStatus ?? '—'}</td>
                <td>{formatEpochShort(event.created)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function WebhookSimulator({ config, onSent }: { config: PublicConfig; onSent: () => Promise<void> }) {
  const examples = config.devTools?.webhookExamples ?? [];
  const [example, setExample] = useState(examples[0]?.key ?? '');
  const [result, setResult] = useState<WebhookSendResult | null>(null);
  const send = useAction();

  async function post(forged: boolean) {
    setResult(null);
    const sent = await send.run(() =>
      callApi<WebhookSendResult>('POST', '/api/dev/webhooks/send', { example, forged }),
    );
    if (sent) setResult(sent);
    await onSent();
  }

  return (
    <div className="simulator">
      <label className="scenario">
        <span>Spec example</span>
        <select value={example} onChange={(e) => setExample(e.target.value)}>
          {examples.map((ex) => (
            <option key={ex.key} value={ex.key}>
              {ex.key}
            </option>
          ))}
        </select>
      </label>
      <div className="actions">
        <button type="button" onClick={() => post(false)} disabled={send.pending || !example}>
          Send test webhook
        </button>
        <button type="button" className="secondary" onClick={() => post(true)} disabled={send.pending || !example}>
          Send forged webhook
        </button>
      </div>
      {result && (
        <p className={`notice ${result.status < 300 ? 'notice-ok' : 'notice-warn'}`} role="status">
          {result.message}
        </p>
      )}
      <ProblemNotice problem={send.problem} />
    </div>
  );
}
