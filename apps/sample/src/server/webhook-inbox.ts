/** What the page shows about one verified 1099Policy webhook event. */
export interface ReceivedEvent {
  id: string;
  type: string;
  /** The event's own timestamp (epoch seconds), as the vendor sent it. */
  created: number;
  /** When this server accepted it (epoch ms). */
  receivedAt: number;
  sessionId?: string;
  sessionStatus?: string;
}

/**
 * Verified events, newest first. In memory on purpose: the sample has no database, and the list only has to
 * show a developer that the loop works. Vendors redeliver, so an event id is listed once.
 */
export class WebhookInbox {
  readonly #events: ReceivedEvent[] = [];

  constructor(private readonly capacity = 50) {}

  /** Returns false when the event was already listed (a redelivery). */
  add(event: ReceivedEvent): boolean {
    if (this.#events.some((e) => e.id === event.id)) return false;
    this.#events.unshift(event);
    this.#events.length = Math.min(this.#events.length, this.capacity);
    return true;
  }

  list(): readonly ReceivedEvent[] {
    return this.#events;
  }
}
