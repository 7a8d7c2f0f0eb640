// The lint config of an imported vendor document (`extends: [payments/vendor]`, written by pnpm api:add): Redocly's
// `recommended` ruleset with every rule that is on set to `warn`. A vendor's findings are reported, never fatal: its
// document is imported as published (Stripe's has ~900 `recommended` errors, Twilio's ~54), while the hand-written
// APIs stay under `recommended-strict`. Derived from Redocly's own ruleset, so an upgrade that adds a rule adds it here.
import { createConfig } from '@redocly/openapi-core';

const { resolvedConfig } = await createConfig({ extends: ['recommended'] });

/** @param {unknown} setting */
const asWarning = (setting) => {
  if (
    setting === 'off' ||
    (setting && typeof setting === 'object' && 'severity' in setting && setting.severity === 'off')
  )
    return setting;
  return setting && typeof setting === 'object' ? { ...setting, severity: 'warn' } : 'warn';
};

/** @param {Record<string, unknown> | undefined} rules */
const warnings = (rules = {}) =>
  Object.fromEntries(Object.entries(rules).map(([id, setting]) => [id, asWarning(setting)]));

export const vendorConfig = {
  rules: warnings(resolvedConfig.rules),
  oas3_0Rules: warnings(resolvedConfig.oas3_0Rules),
  oas3_1Rules: warnings(resolvedConfig.oas3_1Rules),
  overlay1Rules: warnings(resolvedConfig.overlay1Rules),
};
