import type { Account } from './accounts.js';
import { RESERVED_PREFIX } from './hook.js';
import type { Page } from './pages.js';

/** A page's size: `limit` (default 100) in the query. */
const PAGE_LIMIT = { default: 100, max: 500 };

/** Where a page starts: after item `after` of `account` (none: at the first account). */
export interface PageStart {
  account: string | undefined;
  after: number;
  limit: number;
}

export type PageQuery = ({ ok: true } & PageStart) | { ok: false; title: string; detail: string };

/**
 * Reads `limit` and `cursor` of a list route. The cursor is opaque to callers (the `next` link of the page before
 * carries it): the list's name, the account the page starts in and the position after which it starts.
 */
export function pageQuery(url: URL, list: string): PageQuery {
  const limitText = url.searchParams.get('limit');
  let limit = PAGE_LIMIT.default;
  if (limitText !== null) {
    limit = /^\d{1,4}$/.test(limitText) ? Number(limitText) : 0;
    if (limit < 1 || limit > PAGE_LIMIT.max) {
      return { ok: false, title: 'Invalid limit', detail: `limit must be a whole number from 1 to ${PAGE_LIMIT.max}` };
    }
  }
  const cursor = url.searchParams.get('cursor');
  if (cursor === null) return { ok: true, account: undefined, after: 0, limit };
  const match = /^([a-z]+):(acct_[0-9a-z]+):(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!match || match[1] !== list) {
    return {
      ok: false,
      title: 'Invalid cursor',
      detail: `cursor must be the one a page of GET ${RESERVED_PREFIX}${list} gave in its next link`,
    };
  }
  return { ok: true, account: match[2], after: Number(match[3]), limit };
}

/**
 * A page across accounts, in the order the accounts were made: the rest of the cursor's account, then the next
 * accounts' from their start, until the page is full. Each item comes with its account.
 */
export function pageAcross<T>(
  accounts: readonly Account[],
  start: PageStart,
  pageOf: (account: Account, after: number, limit: number) => Page<T>,
): { items: Array<{ account: Account; item: T }>; next: { account: string; after: number } | undefined } {
  const items: Array<{ account: Account; item: T }> = [];
  let index = start.account === undefined ? 0 : accounts.findIndex((account) => account.id === start.account);
  // The cursor's account was reset since: its items are gone, so the page goes on with the accounts made after it.
  if (index < 0) index = accounts.length;
  let after = start.after;
  for (; index < accounts.length; index++, after = 0) {
    const account = accounts[index]!;
    const page = pageOf(account, after, start.limit - items.length);
    items.push(...page.items.map((item) => ({ account, item })));
    if (page.next !== undefined) return { items, next: { account: account.id, after: page.next } };
    if (items.length >= start.limit) {
      const more = accounts.slice(index + 1).some((other) => pageOf(other, 0, 1).items.length > 0);
      return { items, next: more ? { account: accounts[index + 1]!.id, after: 0 } : undefined };
    }
  }
  return { items, next: undefined };
}

/**
 * A page of a list: its items, the total, and the link to the next page (null on the last), which keeps the
 * page's filters. (`total` is the whole list's: a filtered page says how many its filter matched by paging.)
 */
export function pageAnswer(
  list: string,
  items: unknown[],
  total: number,
  next: { account: string; after: number } | undefined,
  limit: number,
  filters: Record<string, string> = {},
) {
  const cursor =
    next === undefined ? null : Buffer.from(`${list}:${next.account}:${next.after}`, 'latin1').toString('base64url');
  const query = new URLSearchParams({ limit: String(limit), ...(cursor === null ? {} : { cursor }), ...filters });
  return {
    [list]: items,
    total,
    nextCursor: cursor,
    next: cursor === null ? null : `${RESERVED_PREFIX}${list}?${query}`,
  };
}
