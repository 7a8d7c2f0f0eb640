/*
 * paykit mock dashboard: served by the mock at /__paykit/ (the page) and /__paykit/dashboard.js (this file), no build
 * step. It reads the control API of the mock that served it (same origin) and listens to /__paykit/stream (Server-Sent
 * Events) to read it again when something changes. Everything it shows is written with textContent, never as HTML:
 * a session's metadata is whatever an app sent.
 */
/**
 * @typedef {{ id: string, account: string, kind: string, state: string, status: unknown, createdAt: string, expiresAt: string | null,
 *   pastExpiry: boolean, hostedPage: string | null }} Session
 * @typedef {{ attempt: number, at: string, status?: number, durationMs?: number, error?: string, location?: string }} Attempt
 * @typedef {{ url: string, state: string, endpoint?: string, attempts: Attempt[], nextAttemptAt?: string }} Delivery
 * @typedef {{ id: string, account: string, type: string, objectId?: string, created: string, deliveries: Delivery[] }} WebhookEvent
 * @typedef {{ id: number, time: string, method: string, path: string, status: number | null, latencyMs: number,
 *   idempotencyKey: string | null, refusal: string | null, replay: boolean, session: string | null,
 *   account: string | null }} RequestEntry
 * @typedef {{ now: string, offsetSeconds: number }} Clock
 */
(() => {
  const PREFIX = '/__paykit/';
  /** The mock does not log the dashboard's own reads (each would make it read again). */
  const DASHBOARD_HEADER = 'x-paykit-dashboard';
  const MAX_REQUEST_ROWS = 200;
  /** The states a session can be moved to, the usual ends first (a vendor without one answers why not). */
  const PHASES = ['completed', 'cancelled', 'expired', 'failed', 'requires_action', 'pending'];

  /** The account chosen in the selector ('' : all accounts). */
  let account = '';

  /**
   * The one place a control-API URL is built: every call and the stream go through it, and act on the chosen
   * account (`?account=`; a query's own `account: undefined` asks about every account, as the selector's list does).
   * @param {string} path under /__paykit/, e.g. `sessions` or `events/evt_1/resend`
   * @param {Record<string, string | undefined>} [query]
   */
  function controlUrl(path, query = {}) {
    const url = new URL(PREFIX + path, window.location.origin);
    const all = { account: account || undefined, ...query };
    for (const [name, value] of Object.entries(all)) if (value !== undefined) url.searchParams.set(name, value);
    return url.href;
  }

  /**
   * Calls the control API: JSON in, JSON out; a refusal throws an Error with the problem's words.
   * @param {'GET' | 'POST'} method
   * @param {string} path
   * @param {{ query?: Record<string, string | undefined>, body?: unknown }} [options]
   */
  async function control(method, path, options = {}) {
    /** @type {Record<string, string>} */
    const headers = { accept: 'application/json', [DASHBOARD_HEADER]: '1' };
    /** @type {RequestInit} */
    const init = { method, headers };
    if (method === 'POST') {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(options.body ?? {});
    }
    const response = await fetch(controlUrl(path, options.query), init);
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.detail || data.title || `the mock answered ${response.status}`);
    return data;
  }

  const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const announcer = byId('announcer');
  /** @param {string} text */
  function announce(text) {
    // Cleared first, so the same words twice are said twice.
    announcer.textContent = '';
    window.setTimeout(() => {
      announcer.textContent = text;
    }, 50);
  }

  /**
   * An element with text and children.
   * @param {string} tag
   * @param {Record<string, string>} [attributes]
   * @param {Array<Node | string | null | undefined>} [children]
   */
  function el(tag, attributes = {}, children = []) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }
  const cell = (/** @type {Array<Node | string>} */ ...children) => el('td', {}, children);
  const code = (/** @type {unknown} */ text) => el('code', {}, [String(text)]);
  const when = (/** @type {string | null | undefined} */ iso) => (iso ? new Date(iso).toLocaleString() : '—');
  const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (byId(id));

  /** What the page knows: the lists as last read, and the request log as streamed. */
  const state = {
    /** @type {Session[]} */ sessions: [],
    /** @type {WebhookEvent[]} */ events: [],
    /** @type {RequestEntry[]} */ requests: [],
    lastRequestId: 0,
    /** @type {Set<string>} */ knownSessions: new Set(),
    loaded: false,
  };

  /** @param {unknown} error */
  function showError(error) {
    const text = error instanceof Error ? error.message : String(error);
    byId('action-error').textContent = text;
  }

  /**
   * Re-renders a table body, keeping the focus on the control that had it (same id) and the choices of selects.
   * @param {string} tableId
   * @param {HTMLElement[]} rows
   */
  function replaceRows(tableId, rows) {
    const body = /** @type {HTMLTableSectionElement} */ (byId(tableId).querySelector('tbody'));
    const focused = document.activeElement && body.contains(document.activeElement) ? document.activeElement.id : '';
    const choices = new Map([...body.querySelectorAll('select')].map((select) => [select.id, select.value]));
    const open = new Set([...body.querySelectorAll('details[open]')].map((details) => details.id));
    body.replaceChildren(...rows);
    for (const [id, value] of choices) {
      const select = document.getElementById(id);
      if (select instanceof HTMLSelectElement) select.value = value;
    }
    for (const id of open) document.getElementById(id)?.setAttribute('open', '');
    if (focused) document.getElementById(focused)?.focus();
  }

  /** @param {Session} session */
  function sessionHistory(session) {
    const events = state.events.filter((event) => event.objectId === session.id);
    const requests = state.requests.filter((entry) => entry.session === session.id);
    const items = [
      ...requests.map((entry) => ({
        at: entry.time,
        text: `${entry.method} ${entry.path} → ${entry.status ?? 'cut'}`,
      })),
      ...events.map((event) => ({ at: event.created, text: `webhook ${event.type}` })),
    ].sort((a, b) => a.at.localeCompare(b.at));
    return el('details', { id: `history-${session.id}` }, [
      el('summary', {}, [`${items.length} entr${items.length === 1 ? 'y' : 'ies'}`]),
      el(
        'ul',
        {},
        items.map((item) => el('li', {}, [`${when(item.at)}: ${item.text}`])),
      ),
    ]);
  }

  /** @param {Session} session */
  function moveForm(session) {
    if (!['pending', 'requires_action'].includes(session.state)) return el('span', { class: 'note' }, ['final']);
    const id = `move-${session.id}`;
    const select = /** @type {HTMLSelectElement} */ (
      el(
        'select',
        { id, name: 'state' },
        PHASES.filter((phase) => phase !== session.state).map((phase) => el('option', { value: phase }, [phase])),
      )
    );
    const form = el('form', { class: 'inline' }, [
      el('label', { for: id, class: 'visually-hidden' }, [`New state of session ${session.id}`]),
      select,
      el('button', { type: 'submit', id: `move-button-${session.id}` }, ['Move']),
    ]);
    form.addEventListener('submit', (submitted) => {
      submitted.preventDefault();
      act(`Session ${session.id} moved to ${select.value}`, () =>
        control('POST', `sessions/${encodeURIComponent(session.id)}/state`, { body: { state: select.value } }),
      );
    });
    return form;
  }

  /**
   * Fills the `${name}-table` body with a row per item and says how many in `${name}-summary`.
   * @template T
   * @param {string} name
   * @param {T[]} items
   * @param {(item: T) => HTMLElement} row
   * @param {{ none: string, some: string }} counted what the summary says of no item, and after the count of some
   */
  function renderTable(name, items, row, counted) {
    replaceRows(`${name}-table`, items.map(row));
    byId(`${name}-summary`).textContent = items.length === 0 ? counted.none : `${items.length} ${counted.some}`;
  }

  function renderSessions() {
    renderTable(
      'sessions',
      state.sessions,
      (session) =>
        el('tr', { 'data-session': session.id }, [
          cell(code(session.id)),
          cell(code(session.account)),
          cell(session.kind),
          cell(session.state),
          cell(String(session.status)),
          cell(when(session.createdAt)),
          cell(session.expiresAt ? `${when(session.expiresAt)}${session.pastExpiry ? ' (past)' : ''}` : '—'),
          cell(session.hostedPage ?? '—'),
          cell(sessionHistory(session)),
          cell(moveForm(session)),
        ]),
      { none: 'No sessions yet.', some: 'session(s).' },
    );
  }

  /** @param {Attempt} attempt */
  function attemptItem(attempt) {
    const outcome = attempt.error
      ? `failed: ${attempt.error}`
      : `${attempt.status}${attempt.location ? ` to ${attempt.location}` : ''}`;
    const took = attempt.durationMs === undefined ? '' : ` (${attempt.durationMs} ms)`;
    return el('li', {}, [`attempt ${attempt.attempt} at ${when(attempt.at)}: ${outcome}${took}`]);
  }

  /** @param {WebhookEvent} event */
  function deliveryList(event) {
    if (event.deliveries.length === 0) return el('span', { class: 'note' }, ['no receiver']);
    return el(
      'ul',
      {},
      event.deliveries.map((delivery) =>
        el('li', {}, [
          code(delivery.url),
          ` ${delivery.state}${delivery.endpoint ? ` (${delivery.endpoint})` : ''}`,
          delivery.nextAttemptAt ? `, next attempt at ${when(delivery.nextAttemptAt)}` : '',
          el('ul', { class: 'attempts' }, delivery.attempts.map(attemptItem)),
        ]),
      ),
    );
  }

  /** @param {WebhookEvent} event */
  function resendButton(event) {
    const button = el('button', { type: 'button', id: `resend-${event.id}` }, ['Resend']);
    button.setAttribute('aria-label', `Resend event ${event.id}`);
    button.addEventListener('click', () =>
      act(`Event ${event.id} sent again`, () => control('POST', `events/${encodeURIComponent(event.id)}/resend`)),
    );
    return button;
  }

  function renderEvents() {
    renderTable(
      'events',
      state.events,
      (event) =>
        el('tr', { 'data-event': event.id }, [
          cell(code(event.id)),
          cell(code(event.account)),
          cell(event.type),
          cell(event.objectId ? code(event.objectId) : '—'),
          cell(when(event.created)),
          cell(deliveryList(event)),
          cell(resendButton(event)),
        ]),
      { none: 'No webhook events yet.', some: 'event(s).' },
    );
  }

  /** @param {RequestEntry} entry */
  function requestRow(entry) {
    const failed = entry.status === null || entry.status >= 400;
    return el('tr', { 'data-request': String(entry.id) }, [
      cell(el('time', { datetime: entry.time }, [new Date(entry.time).toLocaleTimeString()])),
      cell(entry.account === null ? 'no key' : code(entry.account)),
      cell(entry.method),
      cell(code(entry.path)),
      cell(el('span', failed ? { class: 'status-error' } : {}, [entry.status === null ? 'cut' : String(entry.status)])),
      cell(`${entry.latencyMs} ms`),
      cell(entry.idempotencyKey === null ? '—' : code(entry.idempotencyKey)),
      cell(entry.replay ? 'replay' : '—'),
      cell(entry.session === null ? '—' : code(entry.session)),
      cell(entry.refusal ?? '—'),
    ]);
  }

  /**
   * Adds request log entries (newest first on the page); says the newest aloud.
   * @param {RequestEntry[]} entries
   */
  function addRequests(entries, { quiet = false } = {}) {
    const fresh = entries.filter((entry) => entry.id > state.lastRequestId);
    const newest = fresh[fresh.length - 1];
    if (!newest) return;
    state.lastRequestId = newest.id;
    state.requests.push(...fresh);
    state.requests.splice(0, Math.max(0, state.requests.length - MAX_REQUEST_ROWS));
    const body = /** @type {HTMLTableSectionElement} */ (byId('requests-table').querySelector('tbody'));
    for (const entry of fresh) body.prepend(requestRow(entry));
    while (body.rows.length > MAX_REQUEST_ROWS) body.deleteRow(-1);
    // The API's requests are said aloud; the control API's are the dashboard's own actions, which say how they went.
    if (!quiet && !newest.path.startsWith(PREFIX)) {
      announce(`Request ${newest.method} ${newest.path}: ${newest.status ?? 'cut'}`);
    }
  }

  const accountSelect = /** @type {HTMLSelectElement} */ (byId('account-select'));

  /**
   * Fills the selector with every account; one chosen that no longer exists (it was reset) goes back to all.
   * @param {Array<{ account: string }>} accounts
   */
  function renderAccounts(accounts) {
    const ids = accounts.map((held) => held.account);
    const options = [
      el('option', { value: '' }, ['All accounts']),
      ...ids.map((id) => el('option', { value: id }, [id])),
    ];
    accountSelect.replaceChildren(...options);
    if (account && !ids.includes(account)) {
      announce(`Account ${account} is gone (reset): showing all accounts`);
      chooseAccount('');
    }
    accountSelect.value = account;
  }

  /** Says whose clock is shown, and what the clock and reset controls act on. */
  function renderScope() {
    byId('clock-whose').textContent = account
      ? `Mock time of ${account}`
      : 'Mock time (the clock new accounts start from)';
    byId('advance-note').textContent = account ? `moves ${account}'s clock only` : "moves every account's clock";
    byId('reset-button').textContent = account ? `Reset account ${account}` : 'Reset the sandbox';
    byId('reset-note').textContent = account
      ? `forgets ${account}'s sessions, idempotency keys, events, webhook endpoints and logged requests; its clock goes back to real time; other accounts stay`
      : "forgets every account's sessions, idempotency keys, events, webhook endpoints and logged requests; every clock goes back to real time";
  }

  /** @param {Clock} clock */
  function renderClock(clock) {
    byId('clock-now').textContent = when(clock.now);
    byId('clock-now').setAttribute('datetime', clock.now);
    byId('clock-offset').textContent =
      clock.offsetSeconds > 0 ? `(${clock.offsetSeconds} s ahead of real time)` : '(real time)';
  }

  async function readState() {
    const accounts = await control('GET', 'accounts', { query: { account: undefined } });
    renderAccounts(accounts.accounts);
    const [index, clock, sessions, events] = await Promise.all([
      control('GET', ''),
      control('GET', 'clock'),
      control('GET', 'sessions', { query: { limit: '500' } }),
      control('GET', 'events', { query: { limit: '500' } }),
    ]);
    byId('api-name').textContent = index.api;
    renderClock(clock);
    /** @type {Session[]} */
    const list = sessions.sessions;
    const created = list.filter((session) => !state.knownSessions.has(session.id));
    state.sessions = list;
    state.events = events.events;
    state.knownSessions = new Set(state.sessions.map((session) => session.id));
    renderSessions();
    renderEvents();
    if (state.loaded && created.length > 0) announce(`New session ${created.map((session) => session.id).join(', ')}`);
    state.loaded = true;
  }

  let reading = Promise.resolve();
  let queued = false;
  /** Reads the state again soon, once at a time (updates arriving meanwhile make one more read). */
  function refresh() {
    if (queued) return;
    queued = true;
    reading = reading.then(async () => {
      queued = false;
      try {
        await readState();
      } catch (error) {
        showError(error);
      }
    });
  }

  /**
   * Runs a control action, then says how it went (aloud and on the page).
   * @param {string} done
   * @param {() => Promise<unknown>} action
   */
  async function act(done, action) {
    byId('action-error').textContent = '';
    try {
      await action();
      announce(done);
      refresh();
    } catch (error) {
      showError(error);
    }
  }

  byId('advance-form').addEventListener('submit', (submitted) => {
    submitted.preventDefault();
    const seconds = Number(input('advance-seconds').value);
    const whose = account ? `Clock of ${account}` : "Every account's clock";
    act(`${whose} advanced by ${seconds} seconds`, () => control('POST', 'clock/advance', { body: { seconds } }));
  });

  function clearRequests() {
    state.requests = [];
    state.lastRequestId = 0;
    /** @type {HTMLTableSectionElement} */ (byId('requests-table').querySelector('tbody')).replaceChildren();
  }

  byId('reset-form').addEventListener('submit', (submitted) => {
    submitted.preventDefault();
    const done = account
      ? `Account ${account} reset: its sessions, events and logged requests are gone; other accounts stay`
      : 'Sandbox reset: no sessions, events or logged requests';
    const resetting = account;
    act(done, async () => {
      await control('POST', 'reset');
      // A key's account is gone once reset (its next request makes it again): the page goes back to all accounts.
      if (resetting && resetting !== 'acct_control') return chooseAccount('');
      clearRequests();
      await loadRequests();
    });
  });

  /** Reads the request log of the chosen account (all: every request). */
  function loadRequests() {
    return control('GET', 'requests', { query: { after: String(state.lastRequestId), limit: '1000' } })
      .then((page) => addRequests(page.requests, { quiet: true }))
      .catch(showError);
  }

  /** @type {EventSource | undefined} */
  let stream;

  /**
   * Shows one account (or all): the lists, the clock, the request log and the stream are read again for it.
   * @param {string} chosen
   */
  function chooseAccount(chosen) {
    account = chosen;
    accountSelect.value = chosen;
    // The sessions of the new view are not news: the first read of it announces none.
    state.loaded = false;
    renderScope();
    clearRequests();
    stream?.close();
    listen();
  }

  accountSelect.addEventListener('change', () => {
    chooseAccount(accountSelect.value);
    announce(account ? `Showing account ${account}` : 'Showing all accounts');
  });

  function listen() {
    const source = new EventSource(controlUrl('stream'));
    stream = source;
    source.addEventListener('open', () => {
      byId('connection').textContent = 'Live: updates as they happen.';
      refresh();
      loadRequests();
    });
    source.addEventListener('request', (message) => {
      addRequests([JSON.parse(message.data)]);
      refresh();
    });
    source.addEventListener('change', () => refresh());
    source.addEventListener('error', () => {
      byId('connection').textContent = 'Not connected: is the mock running? Retrying…';
    });
  }

  renderScope();
  control('GET', 'requests', { query: { limit: String(MAX_REQUEST_ROWS) } })
    .then((page) => addRequests(page.requests, { quiet: true }))
    .catch(showError)
    .finally(() => {
      refresh();
      listen();
    });
})();
