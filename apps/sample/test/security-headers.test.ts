import { describe, expect, test } from 'vitest';
import { contentSecurityPolicy, stripeJsPolicy } from '../src/server/http/security-headers.js';

describe("the page's policy and its Stripe.js", () => {
  test("the mock's stand-in: its origin for the script and the requests it makes, and nothing else", () => {
    const policy = contentSecurityPolicy(stripeJsPolicy('http://127.0.0.1:4010/__paykit/stripe.js'));
    expect(policy).toContain("script-src 'self' http://127.0.0.1:4010;");
    expect(policy).toContain("connect-src 'self' http://127.0.0.1:4010;");
    expect(policy).not.toContain('frame-src');
    expect(policy).toContain("frame-ancestors 'none'");
  });

  test("Stripe's own: the sources Stripe documents for Stripe.js (its script, its frames, its API)", () => {
    const policy = contentSecurityPolicy(stripeJsPolicy('https://js.stripe.com/v3/'));
    expect(policy).toContain("script-src 'self' https://js.stripe.com;");
    expect(policy).toContain("connect-src 'self' https://api.stripe.com;");
    expect(policy).toMatch(/; frame-src https:\/\/js\.stripe\.com https:\/\/hooks\.stripe\.com$/);
  });
});
