// A tiny extra server for the client tests: records what reaches it (to prove the token was
// never sent) and answers with a fixed reply (non-JSON bodies, echoed headers).

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CaptureServer {
  url: string;
  port: number;
  requests: { method: string; url: string; authorization?: string }[];
  close(): Promise<void>;
}

export async function startCaptureServer(
  reply: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_q, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{}');
  },
  host = '127.0.0.1',
): Promise<CaptureServer> {
  const requests: CaptureServer['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    reply(req, res);
  });
  await new Promise<void>((r) => server.listen(0, host, () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host === '127.0.0.1' ? '127.0.0.1' : host}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
