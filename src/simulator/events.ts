// Events of a project: `GET /api/0/projects/{org}/{project}/events/` (src/sentry/api/endpoints/
// project_events.py). ProjectEndpoint permissions (project:read); newest first; offset cursors
// in the Link header (GenericOffsetPaginator, src/sentry/api/paginator.py); `full` selects
// EventSerializer (the whole payload: entries, contexts, context) and its absence
// SimpleEventSerializer (the OpenAPI fields only: id, eventID, title, message, user, tags ...).

import type { Ctx, Reply } from './http.js';
import { paged, requireScope } from './http.js';
import { findProject } from './routes-projects.js';

/** A stored event, as EventSerializer (`full=true`) would return it. */
export interface SimEvent {
  eventID: string;
  [k: string]: unknown;
}

const READ = ['project:read', 'project:write', 'project:admin'];

/** SimpleEventSerializer's fields (src/sentry/api/serializers/models/event.py). */
const SIMPLE_FIELDS = ['id', 'event.type', 'groupID', 'eventID', 'projectID', 'message', 'title', 'location', 'culprit', 'user', 'tags', 'platform', 'dateCreated', 'crashFile', 'metadata'];

export function listProjectEvents(ctx: Ctx): Reply {
  requireScope(ctx, READ);
  const p = findProject(ctx);
  const events = ctx.state.events?.get(p.slug) ?? [];
  // project_events.py: `full = request.GET.get("full", False)`, then `if full`: any non-empty
  // value (even "0") selects the full serializer
  const full = (ctx.url.searchParams.get('full') ?? '') !== '';
  return paged(ctx, events, (e) => (full ? e : Object.fromEntries(SIMPLE_FIELDS.filter((k) => k in e).map((k) => [k, e[k]]))), 100);
}
