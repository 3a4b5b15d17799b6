/**
 * A reader for the `.eml` files the `file:` transport writes, so that tests and scripts can read a
 * message as its recipient would: nodemailer wraps long lines (a link among them) with
 * quoted-printable soft breaks and encodes non-ASCII headers, so the raw file is not the text.
 * It reads single-part UTF-8 text/plain messages only, which is all Roster sends.
 */

/** Header names are lowercased; `text` has `\n` line ends. */
export interface ParsedMail {
  headers: Map<string, string>;
  text: string;
}

/** Parses one `.eml` file into decoded headers and body text. */
export function parseEml(raw: string | Buffer): ParsedMail {
  const source = typeof raw === 'string' ? raw : raw.toString('utf8');
  const end = /\r?\n\r?\n/.exec(source);
  if (end === null) throw new Error('not a mail message: no blank line after the headers');
  const headers = new Map<string, string>();
  // A header continues on lines that start with white space (RFC 5322 folding).
  for (const line of source.slice(0, end.index).replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  const contentType = headers.get('content-type') ?? 'text/plain';
  if (!/^text\/plain\b/i.test(contentType)) throw new Error(`cannot read a ${contentType} message`);
  const body = source.slice(end.index + end[0].length);
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  let text: string;
  if (encoding === 'quoted-printable') text = qpBytes(body.replace(/=\r?\n/g, '')).toString('utf8');
  else if (encoding === 'base64') text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else text = body;
  return { headers, text: text.replace(/\r\n/g, '\n') };
}

/** RFC 2047 encoded words; adjacent ones join without the space between them, bytes first. */
function decodeWords(value: string): string {
  return value.replace(/(?:=\?[^?\s]+\?[QqBb]\?[^?\s]*\?=\s*)+/g, (run) => {
    const bytes: Buffer[] = [];
    for (const [, encoding = '', data = ''] of run.matchAll(/=\?[^?\s]+\?([QqBb])\?([^?\s]*)\?=/g)) {
      bytes.push(encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : qpBytes(data.replace(/_/g, ' ')));
    }
    return Buffer.concat(bytes).toString('utf8') + (/\s*$/.exec(run)?.[0] ?? '');
  });
}

function qpBytes(encoded: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    const hex = encoded.slice(i + 1, i + 3);
    if (encoded[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(encoded.charCodeAt(i));
    }
  }
  return Buffer.from(bytes);
}
