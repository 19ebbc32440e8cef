// Every HTTP request and connection the process starts, seen through Node's diagnostics
// channels (undici publishes them for fetch, which ky uses). Lets a test prove that nothing was
// sent to a host without sending anything to it.

import diagnostics from 'node:diagnostics_channel';

export interface NetworkWatch {
  /** request origins, e.g. "http://127.0.0.1:41955" */
  requests: string[];
  /** hostnames connections were opened to */
  connects: string[];
  stop(): void;
}

export function watchNetwork(): NetworkWatch {
  const requests: string[] = [];
  const connects: string[] = [];
  const onRequest = (m: unknown): void => void requests.push(String((m as { request: { origin: string } }).request.origin));
  const onConnect = (m: unknown): void => void connects.push(String((m as { connectParams: { hostname: string } }).connectParams.hostname));
  diagnostics.subscribe('undici:request:create', onRequest);
  diagnostics.subscribe('undici:client:beforeConnect', onConnect);
  return {
    requests,
    connects,
    stop() {
      diagnostics.unsubscribe('undici:request:create', onRequest);
      diagnostics.unsubscribe('undici:client:beforeConnect', onConnect);
    },
  };
}
