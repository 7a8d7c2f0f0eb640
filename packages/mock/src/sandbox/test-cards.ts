/*
 * The test cards every card form of the mock takes (the hosted pages, the offline Stripe.js stand-in): Stripe's
 * documented test numbers, since Stripe is the processor behind both vendors' card pages. One table, read by the
 * pages, the README and the tests, so they cannot disagree.
 */

/** A refused card, in Stripe's words: `code` is the error's `code`, `decline` its `decline_code` (or the code). */
export interface CardDecline {
  decline: string;
  code: string;
  message: string;
}

/** What a card number leads to: paid, a 3-D Secure challenge first, or a refusal shown beside the card field. */
export type CardOutcome = 'succeeded' | 'requires_3ds' | CardDecline;

export interface TestCard {
  /** As Stripe prints it, in groups of four. */
  number: string;
  /** What it does, for the table on the page and in the README. */
  label: string;
  outcome: CardOutcome;
}

/** Stripe's messages (its documented `message` of each error; the page shows them as a card form does). */
export const DECLINES = {
  generic: { decline: 'generic_decline', code: 'card_declined', message: 'Your card was declined.' },
  insufficientFunds: {
    decline: 'insufficient_funds',
    code: 'card_declined',
    message: 'Your card has insufficient funds.',
  },
  /** Not a test card: what a number that fails the Luhn check (or is no number) gets. */
  incorrectNumber: { decline: 'incorrect_number', code: 'incorrect_number', message: 'Your card number is incorrect.' },
  /** The 3-D Secure challenge was failed (Stripe's `payment_intent_authentication_failure`). */
  authenticationFailed: {
    decline: 'payment_intent_authentication_failure',
    code: 'payment_intent_authentication_failure',
    message:
      'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
  },
} as const satisfies Record<string, CardDecline>;

export const TEST_CARDS: readonly TestCard[] = [
  { number: '4242 4242 4242 4242', label: 'Succeeds', outcome: 'succeeded' },
  { number: '4000 0000 0000 0002', label: 'Declined (generic_decline)', outcome: DECLINES.generic },
  { number: '4000 0000 0000 9995', label: 'Declined (insufficient_funds)', outcome: DECLINES.insufficientFunds },
  {
    number: '4000 0025 0000 3155',
    label: '3-D Secure required: a challenge page, then succeeds or fails',
    outcome: 'requires_3ds',
  },
];

/** The digits of a card number as typed: spaces and dashes are ignored, as card forms ignore them. */
export function cardDigits(input: string): string | undefined {
  const digits = input.replace(/[\s-]/g, '');
  return /^\d{12,19}$/.test(digits) ? digits : undefined;
}

/** The Luhn check every card number passes (a typo almost never does). */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

const BY_DIGITS = new Map(TEST_CARDS.map((card) => [card.number.replace(/ /g, ''), card.outcome]));

/**
 * What paying with this card number does. The table's numbers do what it says; any other well-formed number that
 * passes the Luhn check succeeds (**inferred**: Stripe's test mode has many more succeeding test numbers, one per
 * brand, and no card data leaves the mock); anything else is Stripe's `incorrect_number`.
 */
export function cardOutcome(input: string): CardOutcome {
  const digits = cardDigits(input);
  if (digits === undefined || !luhn(digits)) return DECLINES.incorrectNumber;
  return BY_DIGITS.get(digits) ?? 'succeeded';
}

export const isDecline = (outcome: CardOutcome): outcome is CardDecline => typeof outcome === 'object';
