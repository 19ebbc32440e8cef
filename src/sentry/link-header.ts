// Sentry's pagination header (organization.md §7.1):
// <URL>; rel="previous"; results="false"; cursor="C", <URL>; rel="next"; results="true"; cursor="C"

export interface PageLink {
  url: string;
  rel: string;
  results: boolean;
  cursor?: string;
}

export function parseLinkHeader(header: string | null): PageLink[] {
  if (!header) return [];
  const links: PageLink[] = [];
  const re = /<([^>]*)>((?:\s*;\s*[A-Za-z_-]+\s*=\s*"[^"]*")*)/g;
  for (const m of header.matchAll(re)) {
    const attrs: Record<string, string> = {};
    for (const a of (m[2] ?? '').matchAll(/([A-Za-z_-]+)\s*=\s*"([^"]*)"/g)) {
      if (a[1] !== undefined && a[2] !== undefined) attrs[a[1].toLowerCase()] = a[2];
    }
    const link: PageLink = {
      url: m[1] ?? '',
      rel: attrs.rel ?? '',
      // a link without results="…" (non-Sentry servers) is taken as having results
      results: attrs.results === undefined ? true : attrs.results === 'true',
    };
    if (attrs.cursor !== undefined) link.cursor = attrs.cursor;
    links.push(link);
  }
  return links;
}

export function nextPage(header: string | null): PageLink | undefined {
  const next = parseLinkHeader(header).find((l) => l.rel === 'next');
  return next && next.results ? next : undefined;
}
