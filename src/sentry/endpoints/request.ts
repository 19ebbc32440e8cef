// What every endpoint group shares: paths, and reading a resource or a list through the client
// with its answer validated against a schema (schemas.ts), typed by that schema.

import { z } from 'zod';
import type { HttpMethod, PaginateOptions, RequestOptions, SentryClient } from '../client.js';
import { parseResponse } from '../schemas.js';

export const seg = (s: string): string => encodeURIComponent(s);

export const orgPath = (org: string, rest = ''): string => `organizations/${seg(org)}/${rest}`;
export const projPath = (org: string, project: string, rest = ''): string => `projects/${seg(org)}/${seg(project)}/${rest}`;

export interface Endpoints {
  client: SentryClient;
  /** one request; its answer validated by `schema` */
  call<S extends z.ZodType>(schema: S, method: HttpMethod, path: string, opts?: RequestOptions): Promise<z.output<S>>;
  /** every page of a list, each item validated by `schema` */
  list<S extends z.ZodType>(schema: S, path: string, opts?: ListOptions<z.output<S>>): Promise<z.output<S>[]>;
}

export type ListOptions<T> = Omit<PaginateOptions, 'extract' | 'onPage'> & {
  /** each page's validated items as it arrives */
  onPage?: (items: T[]) => void;
};

export function endpoints(client: SentryClient): Endpoints {
  return {
    client,
    async call(schema, method, path, opts = {}) {
      const res = await client.request(method, path, opts);
      return parseResponse(schema, res.data, method, path);
    },
    async list<S extends z.ZodType>(schema: S, path: string, opts: ListOptions<z.output<S>> = {}): Promise<z.output<S>[]> {
      // validate page by page: the raw pages (with every field Sentry sends) are dropped as soon as
      // their validated copy exists, instead of all of them being held until the last page
      const pageSchema = z.array(schema);
      const { onPage, ...rest } = opts;
      const out: z.output<S>[] = [];
      await client.paginate(path, {
        ...rest,
        extract: (data) => {
          if (!Array.isArray(data)) return data;
          const page = parseResponse(pageSchema, data, 'GET', path);
          for (const item of page) out.push(item);
          onPage?.(page);
          return page;
        },
      });
      return out;
    },
  };
}
