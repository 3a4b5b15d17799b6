import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';

/** One request a test receiver got. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** What it answered. */
  status: number;
}

/** A real HTTP server on 127.0.0.1 that takes webhooks; `answer` decides each answer from the request and how many came before. */
export interface TestReceiver {
  url: string;
  received: Received[];
  /** Changes how the receiver answers from now on. */
  answer: (decide: (request: { headers: IncomingHttpHeaders; body: string }, count: number) => number | 'hang') => void;
  close(): Promise<void>;
}

export async function startReceiver(path = '/hooks'): Promise<TestReceiver> {
  const received: Received[] = [];
  let decide: (request: { headers: IncomingHttpHeaders; body: string }, count: number) => number | 'hang' = () => 204;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = decide({ headers: req.headers, body }, received.length);
      if (status === 'hang') return;
      received.push({ headers: req.headers, body, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'failing on purpose');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answer: (next) => {
      decide = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Whether the request carries a signature by `secret` that the library's verifier accepts. */
export function verifies(secret: string, request: { headers: IncomingHttpHeaders; body: string }): boolean {
  try {
    new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
}
