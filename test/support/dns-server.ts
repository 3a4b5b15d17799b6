import { createSocket, type Socket } from 'node:dgram';
import * as dnsPacket from 'dns-packet';

/**
 * What the server answers for one name: its TXT, A and AAAA records (a type left out, or an empty
 * list: the name exists, with none of that type), or a failure.
 */
export type DnsAnswer = { txt?: string[]; a?: string[]; aaaa?: string[] } | 'servfail' | 'refused' | 'timeout';

/** A DNS server on 127.0.0.1 (a random UDP port), answering real DNS queries from a table the test fills. */
export interface TestDnsServer {
  /** `127.0.0.1:<port>`, for DNS_SERVERS. */
  address: string;
  /** Sets what a name answers (lowercase, no trailing dot); an unknown name is NXDOMAIN. */
  set(name: string, answer: DnsAnswer): void;
  /** Forgets a name: it answers NXDOMAIN again. */
  delete(name: string): void;
  /** The names asked, in order (TXT questions only). */
  readonly asked: string[];
  close(): Promise<void>;
}

const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

/** Starts the server; answers are authoritative, one TXT record's text split in 255-byte strings as DNS requires. */
export async function startDnsServer(): Promise<TestDnsServer> {
  const names = new Map<string, DnsAnswer>();
  const asked: string[] = [];
  const socket: Socket = createSocket('udp4');
  socket.on('message', (message, remote) => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase().replace(/\.$/, '');
    if (question.type === 'TXT') asked.push(name);
    const answer = names.get(name);
    if (answer === 'timeout') return;
    const rcode = answer === undefined ? RCODE.NXDOMAIN : answer === 'servfail' ? RCODE.SERVFAIL : answer === 'refused' ? RCODE.REFUSED : RCODE.NOERROR;
    const records =
      typeof answer !== 'object'
        ? []
        : question.type === 'TXT'
          ? (answer.txt ?? []).map((text) => ({
              type: 'TXT' as const,
              name: question.name,
              ttl: 60,
              data: (text.match(/[\s\S]{1,255}/g) ?? ['']).map((chunk) => Buffer.from(chunk)),
            }))
          : question.type === 'A' || question.type === 'AAAA'
            ? ((question.type === 'A' ? answer.a : answer.aaaa) ?? []).map((address) => ({ type: question.type as 'A' | 'AAAA', name: question.name, ttl: 60, data: address }))
            : [];
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | rcode,
      questions: [question],
      answers: records,
    });
    socket.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  return {
    address: `127.0.0.1:${port}`,
    set: (name, answer) => names.set(name, answer),
    delete: (name) => names.delete(name),
    asked,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
