import { connect } from 'node:net';

/** An answer read off the socket: its status, its head lowercased, its Content-Type, its body. */
export interface RawAnswer {
  status: number;
  head: string;
  contentType: string | undefined;
  body: string;
}

/**
 * Writes the bytes of a request as they are on a fresh connection to the port and reads the whole
 * answer: for what `app.inject` cannot send (malformed request lines, oversized headers).
 */
export function rawExchange(port: number, request: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', ...rest] = answer.split('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        head: head.toLowerCase(),
        contentType: /^content-type: *(.+)$/im.exec(head)?.[1]?.trim(),
        body: rest.join('\r\n\r\n'),
      });
    });
    // Written, not ended: a client that half-closes may see the server close before it answers.
    socket.setTimeout(5000, () => socket.destroy());
    socket.write(request);
  });
}
