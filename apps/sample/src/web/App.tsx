import { useEffect, useState } from 'react';
import { ApiFailure, callApi } from './api.js';
import { CardOnFilePanel } from './components/CardOnFilePanel.js';
import { DevToolbar } from './components/DevToolbar.js';
import { PaymentSessionLookup } from './components/PaymentSessionLookup.js';
import { PanelBoundary } from './components/PanelBoundary.js';
import { ProblemNotice } from './components/ProblemNotice.js';
import { ProfileSessionPanel } from './components/ProfileSessionPanel.js';
import { WebhooksPanel } from './components/WebhooksPanel.js';
import type { Problem, PublicConfig } from '../server/views.js';

export function App() {
  const [config, setConfig] = useState<PublicConfig | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [fault, setFault] = useState('');

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
              {' '}· Connect at <code>{config.vendors.connect}</code>, 1099Policy at <code>{config.vendors.ten99policy}</code>
            </>
          )}
        </p>
      </header>
      <ProblemNotice problem={problem} />
      {config && (
        <>
          {config.devTools && <DevToolbar devTools={config.devTools} fault={fault} onFault={setFault} />}
          <div className="grid">
            <PanelBoundary title="Card on file">
              <CardOnFilePanel config={config} fault={fault} />
            </PanelBoundary>
            <PanelBoundary title="Webhook events">
              <WebhooksPanel config={config} />
            </PanelBoundary>
            <PanelBoundary title="Payment session">
              <PaymentSessionLookup config={config} fault={fault} />
            </PanelBoundary>
            <PanelBoundary title="Saved payment method">
              <ProfileSessionPanel config={config} fault={fault} />
            </PanelBoundary>
          </div>
        </>
      )}
    </main>
  );
}
