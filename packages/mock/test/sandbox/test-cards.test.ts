import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { cardOutcome, DECLINES, TEST_CARDS } from '../../src/sandbox/test-cards.js';

describe('test cards', () => {
  it("does what the table says for each of Stripe's numbers, typed with or without spaces", () => {
    expect(cardOutcome('4242 4242 4242 4242')).toBe('succeeded');
    expect(cardOutcome('4000000000000002')).toEqual(DECLINES.generic);
    expect(cardOutcome('4000-0000-0000-9995')).toEqual(DECLINES.insufficientFunds);
    expect(cardOutcome(' 4000 0025 0000 3155 ')).toBe('requires_3ds');
    for (const card of TEST_CARDS) expect(cardOutcome(card.number)).toEqual(card.outcome);
  });

  it('lets other Luhn-valid numbers succeed and calls the rest an incorrect number', () => {
    expect(cardOutcome('5555 5555 5555 4444')).toBe('succeeded');
    expect(cardOutcome('4242 4242 4242 4241')).toEqual(DECLINES.incorrectNumber);
    expect(cardOutcome('')).toEqual(DECLINES.incorrectNumber);
    expect(cardOutcome('4242 abcd')).toEqual(DECLINES.incorrectNumber);
  });
});

describe('the README card table', () => {
  it('lists every card of the table with what it does', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    for (const card of TEST_CARDS) expect(readme).toContain(`| \`${card.number}\` | ${card.label}`);
  });
});
