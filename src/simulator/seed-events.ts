// Demo events for the PII-leak probe: some carry values scrubbing should have removed, all carry
// values Relay already redacted or that only look like PII (Luhn-failing card numbers, an IBAN
// with wrong check digits), so a probe that counts those is caught. Test card 4111 1111 1111 1111
// and IBANs GB82 WEST 1234 5698 7654 32 / DE89 3704 0044 0532 0130 00 are the published examples.
//
// Seeded leaks (newest 50 events per project): api-prod 4 bearer tokens + 2 card numbers;
// checkout-web 5 emails + 1 IBAN; payments-service 1 value under a sensitive field + 1 private
// key; worker none. Other projects have no events.

import type { SimEvent } from './events.js';
import { hex, prng } from './seed-util.js';
import type { SimState } from './state.js';

export const DEMO_EVENT_LEAKS = {
  'api-prod': { 'bearer': 4, creditcard: 2 },
  'checkout-web': { email: 5, iban: 1 },
  'payments-service': { 'sensitive-field': 1, 'private-key': 1 },
  worker: {},
} as const;

interface Leaks {
  user?: Record<string, unknown>;
  headers?: [string, string][];
  context?: Record<string, unknown>;
  message?: string;
}

function makeEvent(rand: () => number, projectId: string, platform: string, at: string, leaks: Leaks): SimEvent {
  const id = hex(rand, 32);
  const message = leaks.message ?? 'Request failed';
  return {
    id,
    eventID: id,
    groupID: String(4_000_000 + Math.floor(rand() * 1000)),
    projectID: projectId,
    'event.type': 'error',
    title: message,
    message,
    location: null,
    culprit: 'handlers.process',
    platform,
    dateCreated: at,
    crashFile: null,
    metadata: { title: message },
    // already scrubbed by Relay: "[ip]" (@ip:replace), "[Filtered]" (@common:filter)
    user: { id: '42', username: null, email: null, ip_address: '[ip]', name: null, geo: null, data: null, ...leaks.user },
    tags: [{ key: 'environment', value: 'production' }, { key: 'level', value: 'error' }],
    entries: [
      { type: 'message', data: { formatted: message } },
      {
        type: 'request',
        data: {
          url: 'https://api.acme.example/checkout',
          method: 'POST',
          headers: [['Content-Type', 'application/json'], ['Cookie', '[Filtered]'], ...(leaks.headers ?? [])],
          data: { password: '********', card_number: '[Filtered]' },
        },
      },
    ],
    contexts: { runtime: { name: 'CPython', version: '3.12.1', type: 'runtime' } },
    context: {
      // look-alikes that are not leaks: a Luhn-failing 16-digit number, a bad-checksum IBAN, a mask
      order_ref: '4111 1111 1111 1112',
      iban_draft: 'DE89370400440532013001',
      token: '****************',
      ...leaks.context,
    },
  };
}

export function seedDemoEvents(state: SimState, now: number): void {
  const rand = prng(1414);
  const events = new Map<string, SimEvent[]>();
  const at = (i: number): string => new Date(now - (i + 1) * 37 * 60_000).toISOString();
  const add = (slug: string, count: number, leaksOf: (i: number) => Leaks): void => {
    const p = state.projects.get(slug);
    if (!p) return;
    const list: SimEvent[] = [];
    for (let i = 0; i < count; i++) list.push(makeEvent(rand, p.id, p.platform ?? 'other', at(i), leaksOf(i)));
    events.set(slug, list);
  };
  add('api-prod', 60, (i) => {
    if (i % 10 === 3 && i < 40) return { headers: [['Authorization', `Bearer ${hex(rand, 40)}`]] };
    if (i === 7 || i === 17) return { context: { payment_note: 'retry with card 4111 1111 1111 1111' } };
    if (i === 55) return { headers: [['Authorization', `Bearer ${hex(rand, 40)}`]] }; // beyond the default sample of 50
    return {};
  });
  add('checkout-web', 25, (i) => {
    if (i % 5 === 0) return { user: { email: `buyer${i}@example.com` } };
    if (i === 12) return { message: 'Payout to GB82 WEST 1234 5698 7654 32 rejected' };
    return {};
  });
  add('payments-service', 10, (i) => {
    if (i === 4) return { context: { credit_card: '4000056655665556' } };
    if (i === 9) return { context: { signing_key: '-----BEGIN RSA PRIVATE KEY-----\nMIIEow…\n-----END RSA PRIVATE KEY-----' } };
    return {};
  });
  add('worker', 15, () => ({}));
  state.events = events;
}
