import { afterEach } from 'vitest';
import type { RunningSimulator, SimulatorOptions } from '../../src/simulator/index.js';
import { startSimulator } from '../../src/simulator/index.js';

const running: RunningSimulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

export async function sim(opts?: SimulatorOptions): Promise<RunningSimulator> {
  const s = await startSimulator(opts);
  running.push(s);
  return s;
}

export interface Res {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function call(s: RunningSimulator, method: string, path: string, opts: { token?: string | null; body?: unknown; base?: string } = {}): Promise<Res> {
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? s.token : opts.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(`${opts.base ?? s.url}${path}`, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
  const text = await r.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: r.status, headers: r.headers, body, text };
}

/** Follow `rel="next"` links while results="true". */
export async function walk(s: RunningSimulator, path: string, token?: string): Promise<{ items: any[]; pages: number }> {
  let url: string | null = `${s.url}${path}`;
  const items: any[] = [];
  let pages = 0;
  while (url) {
    const r: Response = await fetch(url, { headers: { Authorization: `Bearer ${token ?? s.token}` } });
    if (r.status !== 200) throw new Error(`HTTP ${r.status} for ${url}`);
    const body: any = await r.json();
    items.push(...(Array.isArray(body) ? body : body.rows));
    pages += 1;
    const link = r.headers.get('link') ?? '';
    const next = /<([^>]+)>; rel="next"; results="true"/.exec(link);
    url = next ? (next[1] ?? null) : null;
  }
  return { items, pages };
}
