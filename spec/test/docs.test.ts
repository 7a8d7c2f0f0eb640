import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assertChromium, CHROMIUM, CHROMIUM_FLAGS } from '@paykit/test-chromium';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apis, type ApiName } from '../index.js';
import { operations, resolveRef } from '../examples.js';
import { createSchemaValidator } from '../validator.js';
import { readApis } from '../scripts/config.js';
import { inferredLabels, renderedText } from './support/inferred-labels.js';

// The API reference pages as a reader opens them: built by the package's own `docs` script, loaded from disk in
// headless Chromium with no network, every operation page walked (each response status, each one-of tab, every
// nested property shown), in Debian's Chromium (@paykit/test-chromium).
const specDir = fileURLToPath(new URL('..', import.meta.url));
const page = (api: ApiName) => join(specDir, 'dist', 'docs', `${api}.html`);
/** Schemes a page may load from without leaving the machine: the file itself and what its scripts make in memory. */
const LOCAL = /^(file|blob|data):/;
/** Redoc's navigation menu (its groups are the spec's tags, its entries their operations and webhooks). */
const MENU = '#redoc [data-component-name="Menu/Menu"]';
/** A limit against hangs, not a timed assertion: one step of a walk (a test awaiting a whole walk has 420 s). */
const STEP_LIMIT = 150_000;

interface Row {
  id: string;
  name: string;
  type: string;
  /** The row as a reader sees it: name, type, constraints and description. */
  text: string;
}
interface PageVisit {
  requests: string[];
  failed: string[];
  rows: Row[];
  defaultSamples: Record<string, unknown>;
  /** The text of every operation page in each state the walk showed it (each status, each one-of tab). */
  texts: string[];
}

let context: BrowserContext;
let profile: string;
const visits = new Map<ApiName, Promise<PageVisit>>();

beforeAll(async () => {
  assertChromium();
  // The pages the package ships, built by its own `docs` script (redocly build-docs … --inlineBundle, redocly.yaml's
  // options), which `pnpm test` runs first.
  const missing = apis.filter((api) => !existsSync(page(api)));
  if (missing.length > 0) {
    throw new Error(
      `spec/dist/docs has no page for ${missing.join(', ')}: run \`pnpm --filter @paykit/spec docs\` first`,
    );
  }
  profile = mkdtempSync(join(tmpdir(), 'paykit-docs-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS],
  });
  // Playwright's 30 s default per step is a limit against hangs; CI saw loading a 2.6 MB page take longer while the
  // other packages' tests ran beside it. The tests' own limits (below) stay the guard against a walk that never ends.
  context.setDefaultTimeout(STEP_LIMIT);
  context.setDefaultNavigationTimeout(STEP_LIMIT);
  // A page that reaches for the network is caught below; it never gets there.
  await context.route(
    (url) => !LOCAL.test(url.href),
    (route) => route.abort(),
  );
  // Every page walked at once, each in a tab of its own: a walk mostly waits on Redoc's rendering, so side by side
  // they take little more than the longest. A failed walk fails the tests that await it.
  for (const api of apis) visit(api).catch(() => {});
}, 120_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Opens one page and walks every operation on it; memoised so each page is walked once for all the tests. */
function visit(api: ApiName): Promise<PageVisit> {
  if (!visits.has(api)) visits.set(api, walk(api));
  return visits.get(api)!;
}

async function walk(api: ApiName): Promise<PageVisit> {
  // Redoc's routes end in the operationId, lower-cased.
  const bundle = createSchemaValidator(api).bundle;
  const withExamples = new Set(
    [...operations(bundle)]
      .filter((op) => firstSuccessExample(bundle, op.operation))
      .map((op) => String(op.operation.operationId).toLowerCase()),
  );
  const requests: string[] = [];
  const failed: string[] = [];
  const tab = await context.newPage();
  tab.on('request', (request) => requests.push(request.url().slice(0, 120)));
  tab.on('requestfailed', (request) => failed.push(`${request.url().slice(0, 120)} (${request.failure()?.errorText})`));
  // Operation and webhook pages are the menu's two-level routes (`#/<tag>/<operation>`). The menu opens with its
  // groups folded (their operations not yet in the page), and Redoc mounts the content's sections only as they near
  // the viewport: open every group, as a reader would, then read the routes from the menu.
  await tab.goto(pathToFileURL(page(api)).href, { waitUntil: 'load' });
  await tab.waitForSelector(`${MENU} .menu-item-type-group > a`);
  const operationCount = [...operations(bundle)].length;
  const entries = `${MENU} a[href^="#/"]`;
  // Opening one group may fold another (with three groups Redoc keeps one open): gather each group's routes as it
  // opens, until every operation is listed.
  const found = new Set<string>();
  const readRoutes = async () => {
    const hrefs = await tab.$$eval(entries, (links) => links.map((a) => a.getAttribute('href')!.slice(1)));
    for (const route of hrefs) if (route.split('/').length === 3) found.add(route);
  };
  for (const group of await tab.$$(`${MENU} .menu-item-type-group > a`)) {
    // A group's entries are its own route plus the operation (`/payment-sessions` → `#/payment-sessions/…`).
    const own = `${MENU} a[href^="#${await group.getAttribute('href')}/"]`;
    await group.click();
    await tab.waitForFunction((selector) => document.querySelectorAll(selector).length > 0, own);
    await readRoutes();
  }
  if (found.size < operationCount) {
    throw new Error(`the menu lists ${found.size} of the ${operationCount} operations: ${[...found].join(', ')}`);
  }
  // The page's introduction (info, servers, security schemes), as it opens.
  // biome-ignore lint/performance/useDomNodeTextContent: the text a reader sees, not hidden nodes
  const texts = new Set([await tab.evaluate(() => document.querySelector<HTMLElement>('#redoc')?.innerText ?? '')]);
  const routes = [...found];
  const show = (route: string) =>
    tab.evaluate((hash) => {
      window.location.hash = hash;
    }, route);
  // Each page as it opens, then walked through all its tabs. Redoc remembers the response status a reader picks, per
  // operation: the walk clicks only the tabs of the operation it shows, so the next one still opens as a reader finds it.
  const defaultSamples: Record<string, unknown> = {};
  const rows = new Map<string, Row>();
  for (const route of routes) {
    await show(route);
    const hasExample = withExamples.has(route.split('/').pop()!);
    const shown = await tab.waitForFunction(defaultExample, [route.slice(1), hasExample] as const);
    defaultSamples[route] = ((await shown.jsonValue()) as { body: unknown }).body;
    // Under load Redoc may still be rendering the section when the walk reads it (CI saw a whole page read empty):
    // the page is shown and read again, from the top, until its own rows were read with their text and the walk kept
    // its section throughout.
    for (let reading = 1; ; reading++) {
      if (reading > 1) await show(route);
      // Mounted is not enough: Redoc shows a section only as it nears the viewport, and until then its text is empty.
      await tab.waitForFunction(
        (prefix) =>
          [...document.querySelectorAll<HTMLElement>(`#redoc [id^="${prefix}/"]`)].some(
            // biome-ignore lint/performance/useDomNodeTextContent: the text a reader sees, not hidden nodes
            (el) => el.innerText.trim(),
          ),
        route.slice(1),
      );
      const walked = await tab.evaluate(walkOperationPage, route.slice(1));
      // The walk reads the whole document, where another page's rows may be mounted but hidden (no rendered text):
      // such a reading never replaces one that saw the row's text.
      for (const row of walked.rows) if (row.text.trim() || !rows.get(row.id)?.text.trim()) rows.set(row.id, row);
      for (const text of walked.texts) texts.add(text);
      const own = walked.rows.some((row) => row.id.startsWith(`${route.slice(1)}/`) && row.text.trim());
      if (own && !walked.lost) break;
      if (reading === 5) throw new Error(`${api}: the page ${route} was not walked whole in 5 readings`);
      await show('');
    }
  }
  await tab.close();
  return { requests, failed, rows: [...rows.values()], defaultSamples, texts: [...texts] };
}

/**
 * Runs in the page: the response body the operation's sample panel shows before the reader picks an example
 * (`prefix` is the operation's route, which starts the ids of its properties); null for an operation without
 * one, undefined (keep waiting) until the operation and its sample are on the page.
 */
function defaultExample([prefix, hasExample]: readonly [string, boolean]): { body: unknown } | undefined {
  let section = document.querySelector(`#redoc [id^="${prefix}/"]`);
  if (!section) return undefined;
  while (section && !section.querySelector('.panel-response-samples')) section = section.parentElement;
  const sample = section?.querySelector('.panel-response-samples pre')?.textContent;
  if (!sample) return hasExample ? undefined : { body: null };
  try {
    return { body: JSON.parse(sample) };
  } catch {
    return undefined;
  }
}

/**
 * Runs in the page: shows every schema property of the current operation page (`section`, its route, is also the id
 * of its section) by clicking through its own tabs, and reads the rows and text of the whole page in each state.
 */
async function walkOperationPage(section: string): Promise<{ rows: Row[]; texts: string[]; lost: boolean }> {
  const rows: Record<string, Row> = {};
  const texts = new Set<string>();
  // biome-ignore lint/performance/useDomNodeTextContent: the text a reader sees, not hidden nodes
  const shown = (element: HTMLElement | null | undefined) => element?.innerText ?? '';
  const settle = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const click = async (element: HTMLElement) => {
    element.click();
    await settle();
  };
  // The operation's own controls: another operation's section, mounted beside it, is walked when it is shown.
  const PLACEHOLDER = '[data-schema-nested-open="true"] [aria-hidden="true"]:empty';
  // Redoc may unmount a section while the page scrolls: a walk that lost its section is walked again.
  let lost = false;
  const own = (selector: string) => {
    const element = document.getElementById(section);
    if (!element) lost = true;
    return [...(element?.querySelectorAll<HTMLElement>(selector) ?? [])];
  };
  // An open nested schema mounts its rows only as it nears the viewport (an empty placeholder until then): scrolled
  // to, as a reader scrolls down the page, one at a time (each mount is a React transition after an intersection),
  // and scrolled to again if Redoc, keeping its place while the page's height changes, scrolled it away.
  const mountNested = async () => {
    for (let placeholder = own(PLACEHOLDER)[0]; placeholder; placeholder = own(PLACEHOLDER)[0]) {
      // A limit against hangs, not a timed assertion.
      const limit = performance.now() + 60_000;
      while (placeholder.isConnected && performance.now() < limit) {
        const { top, bottom } = placeholder.getBoundingClientRect();
        if (bottom < 0 || top > window.innerHeight) placeholder.scrollIntoView({ block: 'center' });
        await settle();
      }
      if (placeholder.isConnected) throw new Error(`${section}: a nested schema did not mount once scrolled to`);
    }
  };
  const expandAll = async () => {
    for (let round = 0; round < 20; round++) {
      await mountNested();
      const collapsed = own('button').filter((b) => /^\+/.test(shown(b).trim()));
      if (collapsed.length === 0) return;
      for (const button of collapsed) button.click();
      await settle();
    }
  };
  const read = () => {
    for (const row of document.querySelectorAll<HTMLElement>('#redoc .schema-property-item')) {
      const name = row.querySelector('.schema-name')?.textContent ?? '';
      const type = row.querySelector(':scope > div:first-child em')?.textContent ?? '';
      const text = shown(row);
      if (text.trim() || !rows[row.id]?.text.trim()) rows[row.id] = { id: row.id, name, type, text };
    }
    texts.add(shown(document.querySelector<HTMLElement>('#redoc')));
  };
  const oneOfTabs = () => own('[role=tab]').filter((t) => !t.closest('[data-response-codes-tablist]'));
  const everyOneOf = async () => {
    await expandAll();
    read();
    for (let i = 0; i < oneOfTabs().length; i++) {
      await click(oneOfTabs()[i]!);
      await expandAll();
      read();
    }
  };
  // Read before any click too: a click may change the page's height, and Redoc, tracking the scroll, then sometimes
  // moves on to another group (seen at random on a quiet machine: the walk found `#/payment-profile-sessions` in the
  // address and createPaymentProfileSession's rows gone). The page opens with every nested schema expanded.
  read();
  await everyOneOf();
  const statusTabs = () => own('[data-response-codes-tablist] [role=tab]');
  for (let i = 0; i < statusTabs().length; i++) {
    await click(statusTabs()[i]!);
    await everyOneOf();
  }
  return { rows: Object.values(rows), texts: [...texts], lost };
}

/** The first example of an operation's first success response: the one Redoc (and the mock) show by default. */
function firstSuccessExample(bundle: any, operation: any): { value: unknown } | undefined {
  const [, response] = Object.entries<any>(operation.responses ?? {}).find(([status]) => /^2/.test(status)) ?? [];
  const media = response && Object.values<any>(resolveRef(bundle, response).node.content ?? {})[0];
  const first = media?.examples && Object.values<any>(media.examples)[0];
  return first && resolveRef(bundle, first).node;
}

/**
 * The house rules of the reference pages (every row typed, every Inferred label shown, the success example first)
 * hold the hand-written specs; an imported vendor document is published as the vendor wrote it, and its page is
 * only held to loading offline.
 */
const handWritten = readApis()
  .filter((entry) => !entry.imported)
  .map((entry) => entry.name as ApiName);

describe.each(apis)('%s API reference page, offline in headless Chromium', (api) => {
  it('loads nothing from the network and no request fails', async () => {
    const { requests, failed } = await visit(api);
    expect(requests.filter((url) => !LOCAL.test(url))).toEqual([]);
    expect(failed).toEqual([]);
  }, 420_000);
});

describe.each(handWritten)('%s API reference page, as the house writes it', (api) => {
  const bundle = createSchemaValidator(api).bundle;

  it('shows every property of every operation with its type ("any" only where the schema has none)', async () => {
    const { rows } = await visit(api);
    const operationCount = [...operations(bundle)].length;
    expect(new Set(rows.map((row) => row.id.split('/').slice(0, 2).join('/'))).size).toBe(operationCount);
    // Redoc labels a schema without `type` "any" (an `additionalProperties: true` too): every schema says its type.
    const untyped = rows.filter((row) => /\bany\b/.test(row.type)).map((row) => `${row.id} (${row.name}: ${row.type})`);
    expect(untyped).toEqual([]);
  }, 420_000);

  it('shows every Inferred label of the sources, next to what it covers', async () => {
    const { rows, texts } = await visit(api);
    const labels = inferredLabels(join(specDir, api));
    const flat = (text: string) => renderedText(text);
    const pages = texts.map(flat);
    const missing = labels
      .filter(({ property, sentence }) =>
        property === undefined
          ? !pages.some((text) => text.includes(sentence))
          : !rows.some((row) => row.name.replace(/\*$/, '') === property && flat(row.text).includes(sentence)),
      )
      .map(({ where, sentence }) => `${where}: ${sentence}`);
    expect(missing).toEqual([]);
  }, 420_000);

  it('lists each success answer’s fields in the order of its first example, the vendor’s order', async () => {
    const { rows } = await visit(api);
    const checked = [...operations(bundle)].flatMap((op) => {
      const [status] = Object.keys(op.operation.responses ?? {}).filter((code) => /^2/.test(code));
      const example = firstSuccessExample(bundle, op.operation)?.value;
      if (!example || typeof example !== 'object' || Array.isArray(example)) return [];
      // The answer's top-level rows, as the page lists them: `…/<operationid>/t=response&c=<status>&path=<name>`.
      const prefix = `/${String(op.operation.operationId).toLowerCase()}/t=response&c=${status}&path=`;
      const shown = rows
        .filter((row) => row.id.includes(prefix) && !row.id.split(prefix)[1]!.includes('/'))
        .map((row) => row.id.split(prefix)[1]!);
      const keys = Object.keys(example);
      return [{ operation: op.operation.operationId, shown: shown.filter((name) => keys.includes(name)), keys }];
    });
    expect(checked.length).toBeGreaterThan(0);
    for (const { operation, shown, keys } of checked) {
      expect({ operation, fields: shown }).toEqual({ operation, fields: keys.filter((key) => shown.includes(key)) });
    }
  }, 420_000);

  it('shows each operation’s first success example by default (a cancel shows the cancelled session)', async () => {
    const { defaultSamples } = await visit(api);
    const expected = Object.fromEntries(
      [...operations(bundle)].flatMap((op) => {
        const first = firstSuccessExample(bundle, op.operation);
        const route = Object.keys(defaultSamples).find((r) => r.endsWith(`/${op.operation.operationId.toLowerCase()}`));
        return first ? [[route, first.value]] : [];
      }),
    );
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    expect(defaultSamples).toMatchObject(expected);
    const cancels = Object.entries(defaultSamples).filter(([route]) => /\/cancel[a-z]*$/.test(route));
    expect(cancels.length).toBeGreaterThan(0);
    for (const [, body] of cancels) expect((body as { status: string }).status).not.toMatch(/^pending$/i);
  }, 420_000);
});

describe('the Inferred-label reader', () => {
  // An API may have no label (an imported vendor document), so the page test above cannot insist on one; the two
  // hand-written APIs have dozens, and the reader must find them.
  it.each(['connect', 'ten99policy'])('finds the labels of the hand-written %s sources', (api) => {
    const labels = inferredLabels(join(specDir, api));
    expect(labels.length).toBeGreaterThan(10);
    expect(labels.filter((label) => label.property !== undefined).length).toBeGreaterThan(0);
  });
});

describe.each(handWritten)('%s: every schema that fixes a value also says its type', (api) => {
  // Redoc shows "any" for a `const`, `enum` or `not` without `type`: the Chromium walk above catches the rows it
  // renders, this catches the same mistake anywhere in the bundle.
  it('has no const, enum or not without a type', () => {
    const untyped: string[] = [];
    const walkNode = (node: unknown, pointer: string) => {
      if (typeof node !== 'object' || node === null) return;
      const schema = node as Record<string, unknown>;
      if (
        ('const' in schema || 'enum' in schema || 'not' in schema) &&
        !('type' in schema) &&
        !pointer.includes('/examples/')
      )
        untyped.push(pointer);
      for (const [key, child] of Object.entries(schema)) walkNode(child, `${pointer}/${key}`);
    };
    walkNode(createSchemaValidator(api).bundle, '#');
    expect(untyped).toEqual([]);
  });
});
