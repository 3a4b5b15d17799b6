import { describe, expect, it } from 'vitest';
import { parseEml } from './eml.js';

describe('parseEml', () => {
  it('unfolds headers, joins adjacent encoded words and decodes a base64 body', () => {
    const raw = [
      'To: grace@example.com',
      'Subject: =?UTF-8?B?R3LDvMOfZQ==?=',
      ' =?UTF-8?Q?_aus_K=C3=B6ln?= today',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('Line one\r\nZürich\r\n').toString('base64'),
      '',
    ].join('\r\n');
    const mail = parseEml(raw);
    expect(mail.headers.get('subject')).toBe('Grüße aus Köln today');
    expect(mail.text).toBe('Line one\nZürich\n');
  });

  it('removes quoted-printable soft line breaks', () => {
    const raw = 'Content-Transfer-Encoding: quoted-printable\n\nhttp://x.example/invitations/abc=\ndef\nM=C3=BCller =3D 1\n';
    expect(parseEml(raw).text).toBe('http://x.example/invitations/abcdef\nMüller = 1\n');
  });

  it('refuses a multipart message rather than misread it', () => {
    expect(() => parseEml('Content-Type: multipart/alternative; boundary=x\r\n\r\n--x--\r\n')).toThrow('cannot read');
  });
});
