// Adaptive request scheduler: a semaphore whose size follows Sentry's rate-limit headers.
//
// Sentry counts requests in fixed windows (X-Sentry-Rate-Limit-Reset = window end, epoch
// seconds) and caps concurrent requests (ConcurrentLimit/ConcurrentRemaining). The scheduler
// keeps an estimate of the requests left in the current window: a response's `Remaining` minus
// the requests started after that request and still running (the server had not counted them
// yet), and minus one for every request started since. When the
// estimate reaches 0 no request starts until the window resets, so a burst does not turn into
// a wall of 429s. Concurrency shrinks when ConcurrentRemaining is low or a 429 arrives, and
// grows back by one per comfortable response.

export interface RateLimitHeaders {
  limit?: number;
  remaining?: number;
  /** epoch seconds */
  reset?: number;
  concurrentLimit?: number;
  concurrentRemaining?: number;
}

export function readRateLimitHeaders(h: Headers): RateLimitHeaders {
  const num = (name: string): number | undefined => {
    const v = h.get(name);
    if (v === null || v.trim() === '') return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  };
  const out: RateLimitHeaders = {};
  const set = (k: keyof RateLimitHeaders, v: number | undefined): void => {
    if (v !== undefined) out[k] = v;
  };
  set('limit', num('x-sentry-rate-limit-limit'));
  set('remaining', num('x-sentry-rate-limit-remaining'));
  set('reset', num('x-sentry-rate-limit-reset'));
  set('concurrentLimit', num('x-sentry-rate-limit-concurrentlimit'));
  set('concurrentRemaining', num('x-sentry-rate-limit-concurrentremaining'));
  return out;
}

/**
 * How long a 429 or 503 asks the client to wait, in ms from `now`: Retry-After (delta-seconds or
 * an HTTP date, RFC 9110 §10.2.3; a proxy or load balancer in front of Sentry may send it) or, on
 * a 429, X-Sentry-Rate-Limit-Reset (the end of Sentry's window, epoch seconds; Sentry's own
 * rate-limit middleware sends no Retry-After). The later of the two wins; 0 when both are past.
 */
export function serverWaitMs(status: number, h: Headers, now: number): number | undefined {
  let until: number | undefined;
  const retryAfter = h.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) until = now + Number(retryAfter) * 1000;
    else {
      const at = Date.parse(retryAfter);
      if (Number.isFinite(at)) until = at;
    }
  }
  if (status === 429) {
    const reset = readRateLimitHeaders(h).reset;
    if (reset !== undefined) until = Math.max(until ?? 0, reset * 1000);
  }
  return until === undefined ? undefined : Math.max(0, until - now);
}

export interface Ticket {
  readonly seq: number;
  readonly urgent: boolean;
}

/** Pause at most this long for a window reset (guards against clock skew and long windows). */
const MAX_WINDOW_WAIT_MS = 60_000;
/** Reset is in whole seconds and clocks differ slightly: start a little after it. */
const RESET_MARGIN_MS = 30;

export class AdaptiveScheduler {
  readonly maxConcurrency: number;
  private limit: number;
  private inFlight = 0;
  /** sequence numbers of the requests in flight */
  private readonly running = new Set<number>();
  private seq = 0;
  private readonly queue: ((t: Ticket) => void)[] = [];
  /**
   * Served before `queue`: follow-up pages and retries. A paginated list is a chain of requests
   * that cannot run in parallel, so each of its links waiting behind a thousand independent
   * requests would make the chain (and the whole run) as long as their sum.
   */
  private readonly urgent: ((t: Ticket) => void)[] = [];
  /** lists past their first page whose next link may come any moment (see `openChain`) */
  private chains = 0;
  private urgentInFlight = 0;
  private pausedUntil = 0;
  private windowResetMs = 0;
  private remainingEst: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = 0;
  /** since when queued requests are held for a rate-limit window or a 429 (undefined = not held) */
  private heldSince: number | undefined;
  /** how often queued requests were held for the rate limit, and for how long in all (progress) */
  readonly waits = { count: 0, ms: 0 };

  constructor(maxConcurrency: number, private readonly now: () => number = Date.now) {
    this.maxConcurrency = Math.max(1, Math.floor(maxConcurrency));
    this.limit = this.maxConcurrency;
  }

  get concurrency(): number {
    return this.limit;
  }

  get active(): number {
    return this.inFlight;
  }

  /** true while queued requests wait for the rate limit */
  get waiting(): boolean {
    return this.heldSince !== undefined;
  }

  acquire(priority: 'normal' | 'urgent' = 'normal'): Promise<Ticket> {
    return new Promise((resolve) => {
      (priority === 'urgent' ? this.urgent : this.queue).push(resolve);
      this.pump();
    });
  }

  /**
   * A list is paging: until the returned function is called, a slot is kept free for its next
   * link whenever none of its requests is in flight, so a chain never waits for an unrelated
   * request to finish (at most half the slots are kept so).
   */
  openChain(): () => void {
    this.chains += 1;
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      this.chains -= 1;
      this.pump();
    };
  }

  /** Ends a request; `headers` and `status` (when a response arrived) adapt the limits. */
  release(ticket: Ticket, response?: { status: number; headers: Headers }): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (ticket.urgent) this.urgentInFlight = Math.max(0, this.urgentInFlight - 1);
    this.running.delete(ticket.seq);
    if (response) this.observe(ticket, response.status, response.headers);
    this.pump();
  }

  /** Hold every new request until `untilMs` (a 429 without usable headers, or its Reset). */
  pause(untilMs: number): void {
    const capped = Math.min(untilMs, this.now() + MAX_WINDOW_WAIT_MS);
    if (capped > this.pausedUntil) this.pausedUntil = capped;
    this.pump();
  }

  private observe(ticket: Ticket, status: number, headers: Headers): void {
    const h = readRateLimitHeaders(headers);
    const now = this.now();
    if (h.remaining !== undefined && h.reset !== undefined) {
      const resetMs = h.reset * 1000 + RESET_MARGIN_MS;
      // requests started after this one reached the server later and were not counted yet
      let startedAfter = 0;
      for (const s of this.running) if (s > ticket.seq) startedAfter += 1;
      const est = h.remaining - startedAfter;
      if (resetMs > this.windowResetMs) {
        this.windowResetMs = resetMs;
        this.remainingEst = est;
      } else if (resetMs === this.windowResetMs) {
        this.remainingEst = Math.min(this.remainingEst ?? Infinity, est);
      }
    }
    if (status === 429) {
      this.limit = Math.max(1, Math.floor(this.limit / 2));
      const wait = serverWaitMs(status, headers, now);
      if (wait !== undefined && wait > 0) this.pause(now + wait + RESET_MARGIN_MS);
      return;
    }
    if (h.concurrentLimit !== undefined && h.concurrentLimit > 0) {
      // leave one slot for the user's other tools (the browser, sentry-cli)
      const cap = Math.max(1, Math.min(this.maxConcurrency, h.concurrentLimit - 1));
      if (this.limit > cap) this.limit = cap;
    }
    if (h.concurrentRemaining !== undefined && h.concurrentRemaining <= 1) {
      this.limit = Math.max(1, this.limit - 1);
      return;
    }
    const cap =
      h.concurrentLimit !== undefined && h.concurrentLimit > 0
        ? Math.max(1, Math.min(this.maxConcurrency, h.concurrentLimit - 1))
        : this.maxConcurrency;
    if (this.limit < cap) this.limit += 1;
  }

  /** The time before which no request may start (0 = now). */
  private blockedUntil(now: number): number {
    let until = this.pausedUntil > now ? this.pausedUntil : 0;
    if (this.windowResetMs <= now) {
      this.remainingEst = undefined;
    } else if (this.remainingEst !== undefined && this.remainingEst <= 0) {
      until = Math.max(until, Math.min(this.windowResetMs, now + MAX_WINDOW_WAIT_MS));
    }
    return until;
  }

  private pump(): void {
    for (;;) {
      // slots kept for chains between two links (their next page is on its way)
      const reserved = Math.min(Math.floor(this.limit / 2), Math.max(0, this.chains - this.urgentInFlight));
      const urgent = this.urgent.length > 0 && this.inFlight < this.limit;
      if (!urgent && !(this.queue.length > 0 && this.inFlight + reserved < this.limit)) return;
      const now = this.now();
      const until = this.blockedUntil(now);
      if (until > now) {
        if (this.heldSince === undefined) {
          this.heldSince = now;
          this.waits.count += 1;
        }
        this.wakeAt(until);
        return;
      }
      if (this.heldSince !== undefined) {
        this.waits.ms += now - this.heldSince;
        this.heldSince = undefined;
      }
      const resolve = (urgent ? this.urgent.shift() : this.queue.shift())!;
      this.inFlight += 1;
      if (urgent) this.urgentInFlight += 1;
      this.seq += 1;
      this.running.add(this.seq);
      if (this.remainingEst !== undefined) this.remainingEst -= 1;
      resolve({ seq: this.seq, urgent });
    }
  }

  private wakeAt(at: number): void {
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = 0;
      this.pump();
    }, Math.max(0, at - this.now()));
  }
}
