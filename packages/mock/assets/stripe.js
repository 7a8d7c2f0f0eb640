// @ts-check
/*
 * paykit mock: an offline stand-in for the part of Stripe.js (v3) a Telness Connect embedded checkout uses. The
 * mock serves this file at /__paykit/stripe.js; a page loads it with <script src> as it would js.stripe.com/v3/.
 * It renders a plain card form (no iframe) and asks the mock, under /__paykit/stripe/, what the card does: the
 * test cards' logic stays on the mock (the same table as its hosted pages). Nothing leaves the machine.
 *
 * Implemented: Stripe(publishableKey), stripe.elements({ clientSecret }), elements.create('payment'),
 * elements.getElement('payment'), elements.submit(), element.mount(selectorOrElement) / unmount() / destroy() /
 * on('ready' | 'change', handler), stripe.confirmPayment / confirmSetup({ elements, clientSecret?, confirmParams:
 * { return_url }, redirect: 'always' | 'if_required' }), stripe.retrievePaymentIntent / retrieveSetupIntent.
 * Shapes follow Stripe's documented objects; what Stripe does not document, or this stand-in simplifies, is
 * marked **Inferred** (and listed in the mock's README).
 */
(() => {
  const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  if (!script) throw new Error('paykit Stripe.js stand-in: load it with a <script src> element');
  /** The mock's own endpoints, next to this script (/__paykit/stripe.js → /__paykit/stripe/…). */
  const endpoint = new URL('stripe/', script.src).href;

  /**
   * Stripe.js throws an IntegrationError for a programming mistake (a rejected promise or a throw), and resolves
   * `{ error }` for what the customer or the network did.
   */
  class IntegrationError extends Error {
    /** @param {string} message */
    constructor(message) {
      super(message);
      this.name = 'IntegrationError';
    }
  }

  /**
   * @param {string} action
   * @param {Record<string, unknown>} body
   * @returns {Promise<Record<string, any>>}
   */
  async function ask(action, body) {
    try {
      const response = await fetch(endpoint + action, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return await response.json();
    } catch {
      // Stripe's type for a request that never got an answer.
      return {
        error: {
          type: 'api_connection_error',
          message: 'An error occurred with our connection to Stripe. (paykit mock: is the mock still running?)',
        },
      };
    }
  }

  /** @param {string} tag @param {Record<string, string>} [attributes] @param {string} [text] */
  function node(tag, attributes = {}, text) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    if (text !== undefined) element.textContent = text;
    return element;
  }

  /**
   * Field checks the Payment Element makes before anything is sent, with Stripe's codes and messages
   * (**Inferred**: as the Payment Element shows them; Stripe documents the codes, not every message).
   * @param {{ number: string, expiry: string, cvc: string }} card
   */
  function validate(card) {
    const digits = card.number.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(digits)) return fieldError('incomplete_number', 'Your card number is incomplete.');
    const expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(card.expiry);
    if (!expiry) return fieldError('incomplete_expiry', "Your card's expiration date is incomplete.");
    const month = Number(expiry[1]);
    const year = expiry[2]?.length === 2 ? 2000 + Number(expiry[2]) : Number(expiry[2]);
    const now = new Date();
    if (month < 1 || month > 12) return fieldError('invalid_expiry_month', "Your card's expiration month is invalid.");
    if (year < now.getFullYear())
      return fieldError('invalid_expiry_year_past', "Your card's expiration year is in the past.");
    if (year === now.getFullYear() && month < now.getMonth() + 1) {
      return fieldError('invalid_expiry_month_past', "Your card's expiration date is in the past.");
    }
    if (!/^\d{3,4}$/.test(card.cvc.trim()))
      return fieldError('incomplete_cvc', "Your card's security code is incomplete.");
    return undefined;
  }

  /** @param {string} code @param {string} message */
  function fieldError(code, message) {
    return { type: 'validation_error', code, message };
  }

  /** The Payment Element: a card form rendered into the page, where Stripe renders an iframe. */
  class PaymentElement {
    /** @type {HTMLElement | undefined} */ #root;
    /** @type {Record<string, HTMLInputElement>} */ #inputs = {};
    /** @type {HTMLElement | undefined} */ #message;
    /** @type {Record<string, Array<(event: unknown) => void>>} */ #handlers = {};
    #destroyed = false;

    /** @param {string | HTMLElement} target */
    mount(target) {
      if (this.#destroyed) throw new IntegrationError('This Element has been destroyed.');
      const container = typeof target === 'string' ? document.querySelector(target) : target;
      if (!(container instanceof HTMLElement)) {
        throw new IntegrationError(`The selector you specified (${String(target)}) applies to no DOM elements.`);
      }
      this.unmount();
      const root = node('div', { class: 'paykit-stripe-element', 'data-paykit-stripe': 'payment' });
      const fields = node('div', { class: 'paykit-stripe-fields' });
      /** @type {Array<[string, string, string, string]>} */
      const specs = [
        ['number', 'Card number', 'cc-number', '4242 4242 4242 4242'],
        ['expiry', 'Expiration (MM / YY)', 'cc-exp', 'MM / YY'],
        ['cvc', 'CVC', 'cc-csc', '123'],
      ];
      for (const [name, label, autocomplete, placeholder] of specs) {
        const input = /** @type {HTMLInputElement} */ (
          node('input', { name, autocomplete, inputmode: 'numeric', placeholder })
        );
        input.addEventListener('input', () => this.#emit('change', { elementType: 'payment', empty: this.#empty() }));
        const wrapper = node('label', { class: `paykit-stripe-field paykit-stripe-${name}` });
        wrapper.append(node('span', {}, label), input);
        fields.append(wrapper);
        this.#inputs[name] = input;
      }
      const message = node('div', { class: 'paykit-stripe-message', role: 'alert' });
      root.append(
        fields,
        message,
        node('p', { class: 'paykit-stripe-note' }, 'paykit mock: Stripe.js stand-in. Nothing is charged.'),
      );
      container.append(root);
      this.#root = root;
      this.#message = message;
      queueMicrotask(() => this.#emit('ready', { elementType: 'payment' }));
      return this;
    }

    unmount() {
      this.#root?.remove();
      this.#root = undefined;
    }

    destroy() {
      this.unmount();
      this.#destroyed = true;
    }

    /** @param {string} event @param {(event: unknown) => void} handler */
    on(event, handler) {
      (this.#handlers[event] ??= []).push(handler);
      return this;
    }

    /** @param {string} event @param {unknown} payload */
    #emit(event, payload) {
      for (const handler of this.#handlers[event] ?? []) handler(payload);
    }

    #empty() {
      return Object.values(this.#inputs).every((input) => input.value === '');
    }

    get mounted() {
      return this.#root !== undefined;
    }

    card() {
      return {
        number: this.#inputs.number?.value ?? '',
        expiry: this.#inputs.expiry?.value ?? '',
        cvc: this.#inputs.cvc?.value ?? '',
      };
    }

    /** Shows a field check's message in the form, as the Payment Element does; an empty text clears it. */
    /** @param {string} text */
    showMessage(text) {
      if (this.#message) this.#message.textContent = text;
    }

    /**
     * The issuer's 3-D Secure challenge, shown in the element where Stripe shows a modal (**Inferred**: a stand-in
     * for the issuer's page, with the two buttons of Stripe's own test challenge). Resolves to the choice.
     * @returns {Promise<'complete' | 'fail'>}
     */
    challenge() {
      const root = this.#root;
      if (!root) return Promise.resolve('fail');
      const dialog = node('div', {
        class: 'paykit-stripe-challenge',
        role: 'dialog',
        'aria-label': '3-D Secure authentication',
      });
      dialog.append(
        node('h4', {}, '3-D Secure authentication'),
        node('p', {}, 'paykit mock: your bank asks you to confirm this payment (a test challenge).'),
      );
      return new Promise((resolve) => {
        for (const [choice, label] of /** @type {const} */ ([
          ['complete', 'Complete authentication'],
          ['fail', 'Fail authentication'],
        ])) {
          const button = node('button', { type: 'button' }, label);
          button.addEventListener('click', () => {
            dialog.remove();
            resolve(choice);
          });
          dialog.append(button);
        }
        root.append(dialog);
      });
    }
  }

  class Elements {
    /** @type {PaymentElement | undefined} */ #payment;

    /** @param {string} clientSecret */
    constructor(clientSecret) {
      this.clientSecret = clientSecret;
    }

    /** @param {string} type */
    create(type) {
      if (type !== 'payment') {
        throw new IntegrationError(`paykit's Stripe.js stand-in implements only the 'payment' Element, not '${type}'.`);
      }
      if (this.#payment) throw new IntegrationError('Can only create one Element of type payment.');
      this.#payment = new PaymentElement();
      return this.#payment;
    }

    /** @param {string} type */
    getElement(type) {
      return type === 'payment' ? (this.#payment ?? null) : null;
    }

    /** Checks the form as Stripe's `elements.submit()` does: `{}`, or `{ error }` (also shown in the form). */
    async submit() {
      const element = this.#payment;
      if (!element?.mounted) throw new IntegrationError('Mount the payment Element before submitting.');
      const error = validate(element.card());
      element.showMessage(error ? error.message : '');
      return error ? { error } : {};
    }
  }

  /**
   * What the mock's intent answers become: `{ paymentIntent }` / `{ setupIntent }` or `{ error }`; with
   * `redirect: 'always'` (Stripe's default) a success goes to `return_url` with Stripe's query parameters.
   * @param {Record<string, any>} answer
   * @param {'paymentIntent' | 'setupIntent'} key
   * @param {string | undefined} returnUrl
   * @param {string} redirect
   */
  function settle(answer, key, returnUrl, redirect) {
    const intent = answer[key];
    if (answer.error || !intent || redirect === 'if_required' || !returnUrl) return answer;
    const target = new URL(returnUrl, location.href);
    const prefix = key === 'paymentIntent' ? 'payment_intent' : 'setup_intent';
    target.searchParams.set(prefix, intent.id);
    target.searchParams.set(`${prefix}_client_secret`, intent.client_secret);
    target.searchParams.set('redirect_status', intent.status === 'succeeded' ? 'succeeded' : 'failed');
    location.assign(target.href);
    // Stripe's promise never settles once the browser is on its way.
    return new Promise(() => undefined);
  }

  /** Which Stripe object each call is about: the mock refuses a SetupIntent's secret to confirmPayment. */
  const OBJECTS = { paymentIntent: 'payment_intent', setupIntent: 'setup_intent' };

  /**
   * confirmPayment / confirmSetup: check the form, send the card to the mock, meet a 3-D Secure challenge in the
   * element, and settle as Stripe.js does.
   * @param {'paymentIntent' | 'setupIntent'} key
   * @param {{ elements?: Elements, clientSecret?: string, confirmParams?: { return_url?: string }, redirect?: string }} options
   */
  async function confirm(key, options) {
    const elements = options?.elements;
    if (!(elements instanceof Elements)) {
      throw new IntegrationError('Invalid value for confirm: elements should be the Elements instance you created.');
    }
    const element = elements.getElement('payment');
    if (!element?.mounted) throw new IntegrationError('Mount the payment Element before confirming.');
    const redirect = options.redirect ?? 'always';
    if (redirect !== 'always' && redirect !== 'if_required') {
      throw new IntegrationError("Invalid value for confirm: redirect should be 'always' or 'if_required'.");
    }
    const returnUrl = options.confirmParams?.return_url;
    if (redirect === 'always' && typeof returnUrl !== 'string') {
      throw new IntegrationError('Invalid value for confirm: confirmParams.return_url should be a URL.');
    }
    const clientSecret = options.clientSecret ?? elements.clientSecret;
    const error = validate(element.card());
    element.showMessage(error ? error.message : '');
    if (error) return { error };
    const card = element.card();
    const object = OBJECTS[key];
    let answer = await ask('confirm', { clientSecret, object, card: { number: card.number } });
    if (answer[key]?.status === 'requires_action') {
      const choice = await element.challenge();
      answer = await ask('authenticate', { clientSecret, object, outcome: choice });
    }
    return settle(answer, key, returnUrl, redirect);
  }

  class StripeStandIn {
    /** @param {string} publishableKey */
    constructor(publishableKey) {
      if (typeof publishableKey !== 'string' || !/^pk_(test|live)_/.test(publishableKey)) {
        throw new IntegrationError(
          'Invalid value for Stripe(): apiKey should be a publishable key (pk_test_… or pk_live_…).',
        );
      }
      this.publishableKey = publishableKey;
    }

    /** @param {{ clientSecret?: string }} options */
    elements(options) {
      const clientSecret = options?.clientSecret;
      if (typeof clientSecret !== 'string' || !/^(pi|seti)_\w+_secret_\w+$/.test(clientSecret)) {
        throw new IntegrationError(
          "paykit's Stripe.js stand-in: elements({ clientSecret }) needs the session's PaymentIntent or SetupIntent client secret.",
        );
      }
      return new Elements(clientSecret);
    }

    /** @param {Parameters<typeof confirm>[1]} options */
    confirmPayment(options) {
      return confirm('paymentIntent', options);
    }

    /** @param {Parameters<typeof confirm>[1]} options */
    confirmSetup(options) {
      return confirm('setupIntent', options);
    }

    /** @param {string} clientSecret */
    retrievePaymentIntent(clientSecret) {
      return ask('retrieve', { clientSecret, object: OBJECTS.paymentIntent });
    }

    /** @param {string} clientSecret */
    retrieveSetupIntent(clientSecret) {
      return ask('retrieve', { clientSecret, object: OBJECTS.setupIntent });
    }
  }

  /** @param {string} publishableKey */
  function Stripe(publishableKey) {
    return new StripeStandIn(publishableKey);
  }
  Stripe.paykitStandIn = true;
  /** @type {any} */ (window).Stripe = Stripe;
})();
