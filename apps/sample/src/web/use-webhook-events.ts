import { useCallback, useEffect, useState } from 'react';
import { callApi } from './api.js';
import type { ReceivedEvent } from '../server/views.js';

const pollMs = 1000;

const optionalText = (value: unknown) => value === undefined || typeof value === 'string';

/** Only entries of the documented shape are used: a server bug or a proxy's answer must not break the page. */
function wellFormedEvents(answer: unknown): ReceivedEvent[] {
  const events = (answer as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) return [];
  return events.filter(
    (e): e is ReceivedEvent =>
      typeof e === 'object' &&
      e !== null &&
      typeof e.id === 'string' &&
      typeof e.type === 'string' &&
      typeof e.created === 'number' &&
      optionalText(e.sessionId) &&
      optionalText(e.sessionStatus),
  );
}

/** The verified webhook events, newest first, polled: they decide how a 1099Policy session ended. */
export function useWebhookEvents() {
  const [events, setEvents] = useState<readonly ReceivedEvent[]>([]);
  const refresh = useCallback(async () => {
    try {
      setEvents(wellFormedEvents(await callApi<unknown>('GET', '/api/webhooks/events')));
    } catch {
      // Polling again shortly is the recovery; a failed refresh has nothing for the user to act on.
    }
  }, []);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), pollMs);
    return () => clearInterval(timer);
  }, [refresh]);
  return { events, refresh };
}

/** The session status the newest verified event reports for this session, if any. */
export function webhookStatus(events: readonly ReceivedEvent[], sessionId: string): string | undefined {
  return events.find((e) => e.sessionId === sessionId && e.sessionStatus)?.sessionStatus;
}
