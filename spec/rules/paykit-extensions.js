// The `x-paykit-*` extensions (spec/README.md) are read by the client generator and the mock, so a typo or a
// contradiction in them would silently change generated code or mock behaviour. This rule checks each one where
// it stands (right object, right value) and across the API (at most one server per environment, one error-code
// property, idempotency headers that agree), and rejects any `x-paykit-*` key it does not know.
import path from 'node:path';

const ENVIRONMENTS = ['production', 'sandbox', 'mock'];
const LOOPBACK_MOCK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):(\d{2,5})\/?$/;
const CODE = /^[A-Za-z][A-Za-z0-9_.-]*$/;
// A property path into the error body: `code`, `error.code`, `errors[0].code` (spec/vendor.js reads it).
const LOCATION = /^[A-Za-z_$][\w$-]*(\[\d+\])?(\.[A-Za-z_$][\w$-]*(\[\d+\])?)*$/;

/**
 * Each extension: the Redocly node types it may stand on, and a check of its value (returns a problem or nothing).
 * @type {Record<string, { on: string[], where: string, fix: string, check: (value: any, node: any) => string | undefined }>}
 */
const EXTENSIONS = {
  'x-paykit-environment': {
    on: ['Server'],
    where: 'a Server Object',
    fix: 'one of production | sandbox | mock; a mock server is http://127.0.0.1:<port>, the others https://',
    check: (value, node) => {
      if (!ENVIRONMENTS.includes(value))
        return `must be one of ${ENVIRONMENTS.join(' | ')}, not ${JSON.stringify(value)}`;
      if (value === 'mock' && !LOOPBACK_MOCK.test(node.url ?? ''))
        return `a mock server must be loopback http with a port (http://127.0.0.1:<port>), not ${JSON.stringify(node.url)}`;
      if (value !== 'mock' && !/^https:\/\//.test(node.url ?? ''))
        return `a ${value} server must be https://, not ${JSON.stringify(node.url)}`;
    },
  },
  'x-paykit-idempotency-key': {
    on: ['Parameter', 'Header'],
    where: 'the idempotency header Parameter Object',
    fix: 'x-paykit-idempotency-key: { replays: true } on a header parameter (false when the vendor promises no replay)',
    check: (value, node) => {
      if (node.in !== undefined && node.in !== 'header')
        return `stands on a parameter "in: ${node.in}": it belongs on a header parameter`;
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return 'must be an object { replays: true | false }';
      if (typeof value.replays !== 'boolean')
        return `replays must be a boolean (true: the vendor documents replays), not ${JSON.stringify(value.replays)}`;
      const extra = Object.keys(value).filter((key) => key !== 'replays');
      if (extra.length) return `has unknown key(s) ${extra.join(', ')}: only "replays" is defined`;
    },
  },
  'x-paykit-error-code': {
    on: ['Schema', 'Root'],
    where: 'the error-body property holding the code, the error body schema, or the root document',
    fix: 'x-paykit-error-code: true on the one error-body property holding the machine code, or its location (error.code, errors[0].code) on the error body schema or the root',
    check: (value, node) => {
      if (value === true && node.openapi === undefined) return undefined;
      if (typeof value === 'string' && LOCATION.test(value)) return undefined;
      return `must be true (on the code property) or a location such as "error.code", not ${JSON.stringify(value)}`;
    },
  },
  'x-paykit-secret': {
    on: ['Schema'],
    where: 'a property schema',
    fix: 'x-paykit-secret: true on a string property whose value must be redacted (false: named like a secret, but not one)',
    check: (value, node) => {
      if (typeof value !== 'boolean') return `must be true or false, not ${JSON.stringify(value)}`;
      const types = [node.type ?? []].flat();
      if (value && types.length && !types.includes('string'))
        return `marks a ${types.join('/')} property: only string values can be redacted`;
    },
  },
  'x-paykit-refusal-status': {
    on: ['SecurityScheme'],
    where: 'a Security Scheme Object',
    fix: 'x-paykit-refusal-status: 401 or 403 (a number), or leave it out for 401',
    check: (value) =>
      [401, 403].includes(value) ? undefined : `must be the number 401 or 403, not ${JSON.stringify(value)}`,
  },
  'x-paykit-invalid-code': {
    on: ['Schema', 'Root'],
    where: 'a request-body property or parameter schema, or the root document',
    fix: 'x-paykit-invalid-code: <the code the vendor answers with 400>, e.g. invalid_input',
    check: (value) =>
      typeof value === 'string' && CODE.test(value)
        ? undefined
        : `must be a machine code string such as "invalid_input", not ${JSON.stringify(value)}`,
  },
};

/** The API a problem belongs to: the folder of an `openapi.yaml` root, or the root file's name. */
/** @param {string} rootRef */
function apiName(rootRef) {
  const base = path.basename(rootRef, path.extname(rootRef));
  return base === 'openapi' ? path.basename(path.dirname(rootRef)) : base;
}

export default function paykitExtensions() {
  let root = '';
  let api = 'api';
  let seen = new Set();
  let servers = new Map(); // environment -> first server's url
  /** @type {string[]} */
  let errorCodes = []; // places of the error-code properties
  /** @type {{ value: boolean, where: string } | null} */
  let replays = null; // { value, where } of the first idempotency header

  /** @param {any} ctx Redocly's visitor context @param {string} message @param {string} fix @param {unknown} location */
  const report = (ctx, message, fix, location) =>
    ctx.report({ message: `[${api}] ${message}. Fix: ${fix}.`, location });

  return {
    /** @param {any} node @param {any} ctx Redocly's visitor context */
    any(node, ctx) {
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
      const type = ctx.type?.name;
      if (type === 'Root') {
        root = ctx.location.source.absoluteRef;
        api = apiName(root);
        seen = new Set();
        servers = new Map();
        errorCodes = [];
        replays = null;
      }
      // A node reached through several $refs is checked once; places are shown relative to the root file.
      const where = `${path.relative(path.dirname(root), ctx.location.source.absoluteRef)}#${ctx.location.pointer.replace(/^#/, '')}`;
      if (seen.has(where)) return;
      seen.add(where);

      for (const [key, value] of Object.entries(node)) {
        if (!key.startsWith('x-paykit-')) continue;
        const at = ctx.location.child([key]).key();
        const extension = EXTENSIONS[key];
        if (!extension) {
          report(
            ctx,
            `unknown extension ${key} at ${where}`,
            `use one of ${Object.keys(EXTENSIONS).join(', ')} (spec/README.md), or an x- name outside x-paykit-`,
            at,
          );
          continue;
        }
        if (!extension.on.includes(type)) {
          report(
            ctx,
            `${key} stands on a node of type ${type ?? 'unknown'} at ${where}`,
            `move it to ${extension.where}`,
            at,
          );
          continue;
        }
        const problem = extension.check(value, node);
        if (problem) {
          report(ctx, `${key} at ${where} ${problem}`, extension.fix, ctx.location.child([key]));
          continue;
        }

        if (key === 'x-paykit-environment') {
          if (servers.has(value))
            report(
              ctx,
              `two ${value} servers (${servers.get(value)} and ${node.url})`,
              `keep one server with x-paykit-environment: ${value}`,
              at,
            );
          else servers.set(value, node.url);
        } else if (key === 'x-paykit-error-code') {
          errorCodes.push(where);
          if (errorCodes.length > 1)
            report(
              ctx,
              `two error-code marks (${errorCodes.join(' and ')})`,
              'mark only the one error-body property that holds the machine code, or write one location',
              at,
            );
        } else if (key === 'x-paykit-idempotency-key') {
          if (replays && replays.value !== value.replays)
            report(
              ctx,
              `idempotency headers disagree: replays ${value.replays} at ${where}, ${replays.value} at ${replays.where}`,
              'declare one IdempotencyKey parameter and $ref it from every POST',
              at,
            );
          else replays ??= { value: value.replays, where };
        }
      }
    },
  };
}
