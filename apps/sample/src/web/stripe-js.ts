/*
 * The part of Stripe.js the embedded checkout uses, typed here (the app adds no Stripe package for five calls),
 * and its loader: one <script src> per URL, as js.stripe.com is loaded. The URL is the server's choice (/api/config):
 * the Connect mock's offline stand-in, or Stripe's own.
 */

export interface StripeError {
  type: string;
  code?: string;
  decline_code?: string;
  message?: string;
}

export interface StripePaymentElement {
  mount(target: string | HTMLElement): void;
  destroy(): void;
  on(event: 'ready', handler: () => void): void;
}

export interface StripeElements {
  create(type: 'payment'): StripePaymentElement;
}

export interface StripeInstance {
  elements(options: { clientSecret: string }): StripeElements;
  confirmPayment(options: {
    elements: StripeElements;
    confirmParams: { return_url: string };
    redirect: 'if_required';
  }): Promise<{ paymentIntent?: { id: string; status: string }; error?: StripeError }>;
}

type StripeFactory = (publishableKey: string) => StripeInstance;

const loading = new Map<string, Promise<StripeFactory>>();

/** Loads Stripe.js from `url` once; resolves to its `Stripe` function. */
export function loadStripeJs(url: string): Promise<StripeFactory> {
  let promise = loading.get(url);
  if (!promise) {
    promise = new Promise<StripeFactory>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = url;
      script.addEventListener('load', () => {
        const factory = (window as unknown as { Stripe?: StripeFactory }).Stripe;
        if (factory) resolve(factory);
        else reject(new Error('The script loaded but defined no Stripe function.'));
      });
      script.addEventListener('error', () => {
        loading.delete(url);
        reject(new Error('Stripe.js could not be loaded. Is the Connect mock running?'));
      });
      document.head.append(script);
    });
    loading.set(url, promise);
  }
  return promise;
}
