import { useEffect, useState } from 'react';
import { ApiFailure, callApi, type SteeringChoice } from './api.js';
import { CardOnFilePanel } from './components/CardOnFilePanel.js';
import { DevToolbar } from './components/DevToolbar.js';
import { PanelBoundary } from './components/PanelBoundary.js';
import { PaymentSessionLookup } from './components/PaymentSessionLookup.js';
import { ProblemNotice } from './components/ProblemNotice.js';
import { ProfileSessionPanel } from './components/ProfileSessionPanel.js';
import { ReturnNotice } from './components/ReturnNotice.js';
import { WebhooksPanel } from './components/WebhooksPanel.js';
import { useWebhookEvents } from './use-webhook-events.js';
import type { Problem, PublicConfig } from '../server/views.js';

export function App() {
  const [config, setConfig] = useState<PublicConfig | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [steering, setSteering] = useState<SteeringChoice>({});
  const webhooks = useWebhookEvents();

  useEffect(() => {
    callApi<PublicConfig>('GET', '/api/config').then(setConfig, (error: unknown) =>
      setProblem(error instanceof ApiFailure ? error.problem : { message: 'Could not load the settings.' }),
    );
  }, []);

  return (
    <main>
      <header className="masthead">
        <h1>Billing settings</h1>
        <p className="hint">
          paykit sample · the vendor keys stay on this app's server
          {config && (
            <>
              {' '}
              · Connect at <code>{config.vendors.connect}</code>, 1099Policy at{' '}
              <code>{config.vendors.ten99policy}</code>
            </>
          )}
        </p>
      </header>
      <ProblemNotice problem={problem} />
      <ReturnNotice events={webhooks.events} />
      {config && (
        <>
          {config.devTools && <DevToolbar devTools={config.devTools} steering={steering} onChange={setSteering} />}
          <div className="grid">
            <PanelBoundary title="Card on file">
              <CardOnFilePanel config={config} steering={steering} events={webhooks.events} />
            </PanelBoundary>
            <PanelBoundary title="Webhook events">
              <WebhooksPanel config={config} events={webhooks.events} refresh={webhooks.refresh} />
            </PanelBoundary>
            <PanelBoundary title="Payment session">
              <PaymentSessionLookup config={config} steering={steering} />
            </PanelBoundary>
            <PanelBoundary title="Saved payment method">
              <ProfileSessionPanel config={config} steering={steering} />
            </PanelBoundary>
          </div>
        </>
      )}
    </main>
  );
}
