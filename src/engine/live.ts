// Memoised live reads of one moment, for read-back after a write and for rollback (each
// resource adapter picks its field's value out of them: resources/).
// Project settings come from the org project list with the `options=` expansion, never from the
// project detail GET (which creates a security token on first read).

import { isSentryApiError } from '../sentry/errors.js';
import type { ClientKey, InboundFilter, Member, OrgAuthToken, OrgDetails, SentryApi } from '../sentry/types.js';
import { PROJECT_OPTION_KEYS, projectStateFromOptions } from '../state/project-options.js';
import type { ProjectState } from '../state/types.js';

/** The resource a field belongs to no longer exists (deleted project, key, member). */
export const ABSENT = Symbol('absent');
export type LiveValue = unknown | typeof ABSENT;

/** The read cached under `key`, started on the first call. */
function cached<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) {
    p = load();
    cache.set(key, p);
  }
  return p;
}

/** Memoised reads of one moment; make a new one after writing. */
export class LiveReader {
  private org?: Promise<OrgDetails>;
  private projects?: Promise<Map<string, ProjectState>>;
  private members?: Promise<Member[]>;
  private keys = new Map<string, Promise<ClientKey[]>>();
  private filters = new Map<string, Promise<InboundFilter[]>>();

  private oneProject = new Map<string, Promise<ProjectState | undefined>>();

  constructor(
    readonly api: SentryApi,
    readonly orgSlug: string,
    /** read the whole project list once (many project entries to look at) */
    private readonly prefetch = false,
  ) {}

  getOrg(): Promise<OrgDetails> {
    return (this.org ??= this.api.getOrganization(this.orgSlug));
  }
  getProjects(): Promise<Map<string, ProjectState>> {
    return (this.projects ??= this.api
      .listProjects(this.orgSlug, { options: PROJECT_OPTION_KEYS })
      .then((list) => new Map(list.map((p) => [p.slug, projectStateFromOptions(p, p.options ?? {})]))));
  }
  /**
   * One project from the org project list (`query=slug:`), or from the whole list when it was
   * read already (rollback planning). The result is filtered here, so a server that ignores
   * the query costs more requests but gives the same answer.
   */
  async getProject(slug: string): Promise<ProjectState | undefined> {
    if (this.projects || this.prefetch) return (await this.getProjects()).get(slug);
    return cached(this.oneProject, slug, () =>
      this.api
        .listProjects(this.orgSlug, { options: PROJECT_OPTION_KEYS, query: `slug:${slug}` })
        .then((list) => {
          const found = list.find((x) => x.slug === slug);
          return found ? projectStateFromOptions(found, found.options ?? {}) : undefined;
        }),
    );
  }
  getMembers(): Promise<Member[]> {
    return (this.members ??= this.api.listMembers(this.orgSlug));
  }
  /** One member by id (the member detail GET has no side effects); undefined when gone. */
  async getMember(id: string): Promise<Member | undefined> {
    if (this.members) return (await this.members).find((m) => m.id === id);
    try {
      return await this.api.getMember(this.orgSlug, id);
    } catch (e) {
      if (isSentryApiError(e) && e.kind === 'not_found') return undefined;
      throw e;
    }
  }
  /** One active org auth token; undefined once revoked (Sentry answers 404 for it). */
  async getOrgAuthToken(id: string): Promise<OrgAuthToken | undefined> {
    try {
      return await this.api.getOrgAuthToken(this.orgSlug, id);
    } catch (e) {
      if (isSentryApiError(e) && e.kind === 'not_found') return undefined;
      throw e;
    }
  }
  getKeys(project: string): Promise<ClientKey[]> {
    return cached(this.keys, project, () => this.api.listKeys(this.orgSlug, project));
  }
  getFilters(project: string): Promise<InboundFilter[]> {
    return cached(this.filters, project, () => this.api.listFilters(this.orgSlug, project));
  }

  async findKeyByName(project: string, name: string): Promise<ClientKey | undefined> {
    return (await this.getKeys(project)).find((k) => k.name === name);
  }

  async findMemberByEmail(email: string): Promise<Member | undefined> {
    const e = email.toLowerCase();
    return (await this.getMembers()).find((m) => m.email.toLowerCase() === e || m.user?.email?.toLowerCase() === e);
  }
}
