// A list read page by page along the Link header: the next page is asked for before this one is
// validated (a list is as slow as its chain of pages), and a next-page link outside the
// configured host is refused or, when it carries a cursor, followed on our own host.

import type { PaginateOptions, SentryResponse } from './client-types.js';
import { SentryApiError } from './errors.js';
import { describeUrl, isTrustedUrl } from './hosts.js';
import { nextPage } from './link-header.js';
import { send, type ClientCore, type SentResponse } from './send.js';
import { untrustedHost } from './transport.js';

/** Every item of the list at `firstUrl` (its first page, per_page already set). */
export async function paginate(core: ClientCore, path: string, firstUrl: URL, o: PaginateOptions): Promise<unknown[]> {
  const purpose = o.purpose !== undefined ? { purpose: o.purpose } : {};
  const maxPages = o.maxPages ?? 10_000;
  const seen = new Set<string>();
  let closeChain: (() => void) | undefined;
  /** the next page, asked for as soon as this page's Link header arrived (before its body) */
  let ahead: { page: number; promise: Promise<SentResponse> } | undefined;
  let stopped = false;
  const fetchPage = (url: URL, page: number): Promise<SentResponse> => {
    seen.add(url.href);
    if (page > 0 && !closeChain) closeChain = core.scheduler.openChain();
    return send(core, 'GET', path, url, { ...purpose, urgent: page > 0, onHeaders: (headers, at) => startEarly(page, headers, at) });
  };
  const startEarly = (page: number, headers: Headers, at: URL): void => {
    if (stopped || page + 1 >= maxPages || (ahead && ahead.page > page)) return;
    let nextUrl: URL | undefined;
    try {
      nextUrl = followingPage(core, path, { headers, url: at });
    } catch {
      return; // a refused link: the loop below reads it again and reports it
    }
    if (nextUrl && !seen.has(nextUrl.href)) ahead = { page: page + 1, promise: fetchPage(nextUrl, page + 1) };
  };
  const all: unknown[] = [];
  let pending: Promise<SentResponse> | undefined = fetchPage(firstUrl, 0);
  try {
    for (let page = 0; pending; page++) {
      const res: SentResponse = await pending;
      // the chain's next link started when this page's headers came in (else it starts now),
      // before this page is validated and handed over: a list is as slow as its chain of pages
      if (ahead && ahead.page === page + 1) pending = ahead.promise;
      else {
        const nextUrl = page + 1 < maxPages ? followingPage(core, path, res) : undefined;
        pending = nextUrl && !seen.has(nextUrl.href) ? fetchPage(nextUrl, page + 1) : undefined;
      }
      const items = o.extract ? o.extract(res.data) : res.data;
      if (!Array.isArray(items)) throw notAList(path, res, items);
      for (const item of items) all.push(item);
      if (o.onPage?.(items) === false) break;
    }
  } finally {
    stopped = true;
    closeChain?.();
    // a page already asked for but no longer wanted (an error, or onPage stopped): its outcome is dropped
    pending?.catch(() => undefined);
    ahead?.promise.catch(() => undefined);
  }
  return all;
}

function notAList(path: string, res: SentryResponse, items: unknown): SentryApiError {
  return new SentryApiError({
    kind: 'bad_response',
    method: 'GET',
    path,
    status: res.status,
    message: `Sentry answered GET ${path} with ${items === null ? 'an empty body' : 'something that is not a list'}; expected a list`,
  });
}

/** The next page's URL from a list response's Link header, or undefined on the last page. */
function followingPage(core: ClientCore, path: string, res: { headers: Headers; url: URL }): URL | undefined {
  const next = nextPage(res.headers.get('link'));
  if (!next) return undefined;
  let nextUrl: URL;
  try {
    nextUrl = new URL(next.url, res.url);
  } catch {
    if (next.cursor === undefined) return undefined;
    nextUrl = new URL(res.url.href);
    nextUrl.searchParams.set('cursor', next.cursor);
  }
  if (!isTrustedUrl(core.baseUrl, nextUrl)) {
    if (next.cursor === undefined) {
      throw untrustedHost(core.baseUrl, 'GET', path, nextUrl.href, 'a next-page link outside the configured host');
    }
    // a proxy may build links with its internal hostname: keep our URL, take the cursor
    core.warn(`Sentry's next-page links point to ${describeUrl(nextUrl)}; following them on ${describeUrl(res.url)} instead`);
    nextUrl = new URL(res.url.href);
    nextUrl.searchParams.set('cursor', next.cursor);
  }
  if (!nextUrl.searchParams.has('per_page')) nextUrl.searchParams.set('per_page', '100');
  return nextUrl;
}
