import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import type { SendMailOptions, SMTPTransportOptions, TransportOptions } from 'nodemailer';

/** One message as the worker hands it over: `id` is the outbox id. */
export interface OutgoingMail {
  id: string;
  to: string;
  subject: string;
  text: string;
}

/** Where mail goes. `send` resolves once the message is handed over, and rejects otherwise. */
export interface MailTransport {
  send(message: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * Bounds on one SMTP delivery, kept well inside the worker's 60 s claim: a send that outlived the
 * claim could run alongside another worker's retry of the same row.
 */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as const;

/** Shorter SMTP timeouts than the defaults above (a test of a server that answers late). */
export type SmtpTimeouts = Partial<Record<keyof typeof SMTP_TIMEOUTS, number>>;

/**
 * Shared by both transports. Nodemailer's own logger stays off (its debug output would carry the
 * body, and with it one-time links); content may not pull in files or URLs; and one outbox row
 * reaches one mailbox, even if its address holds a comma.
 */
const SAFE_OPTIONS = {
  logger: false,
  disableFileAccess: true,
  disableUrlAccess: true,
  maxRecipients: 1,
} as const satisfies TransportOptions;

/** The transport `MAIL_URL` names: `file:<dir>`, or `smtp://user:pass@host:port` / `smtps://…` (see `smtpOptions`). */
export function createMailTransport(mailUrl: string, from: string, timeouts: SmtpTimeouts = {}): MailTransport {
  if (mailUrl.startsWith('file:')) return fileTransport(fileDirectory(mailUrl), from);
  if (mailUrl.startsWith('smtp://') || mailUrl.startsWith('smtps://')) {
    return smtpTransport({ ...smtpOptions(mailUrl), ...timeouts }, from);
  }
  // Only the scheme is echoed: the rest of the URL may hold a password.
  throw new Error(`MAIL_URL must start with file:, smtp:// or smtps:// (got ${mailUrl.split(':')[0] ?? ''}:…)`);
}

/**
 * Nodemailer options for an `smtp://` or `smtps://` URL. Query options, each `true` or `false`:
 * `ignoreTLS` (never upgrade with STARTTLS: for a local test server such as Mailpit whose
 * certificate would not verify) and `requireTLS` (refuse to send unless STARTTLS succeeds).
 * Without either, `smtp://` upgrades when the server offers STARTTLS. Any other option is refused,
 * where nodemailer's own URL parser would take any key (`debug`, `logger`, …) from the query.
 */
export function smtpOptions(mailUrl: string): SMTPTransportOptions {
  let url: URL;
  try {
    url = new URL(mailUrl);
  } catch {
    throw new Error('MAIL_URL is not a valid URL');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error('MAIL_URL for SMTP must start with smtp:// or smtps://');
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new Error('MAIL_URL has no host');
  const options: SMTPTransportOptions = { host, secure: url.protocol === 'smtps:', ...SMTP_TIMEOUTS };
  if (url.port !== '') options.port = Number(url.port);
  if (url.username !== '' || url.password !== '') {
    options.auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
  }
  for (const [key, value] of url.searchParams) {
    if (key !== 'ignoreTLS' && key !== 'requireTLS') {
      throw new Error(`MAIL_URL option ${key} is not supported (use ignoreTLS or requireTLS)`);
    }
    if (value !== 'true' && value !== 'false') throw new Error(`MAIL_URL option ${key} must be true or false`);
    options[key] = value === 'true';
  }
  if (options.ignoreTLS === true && options.requireTLS === true) {
    throw new Error('MAIL_URL cannot both ignoreTLS and requireTLS');
  }
  return options;
}

function smtpTransport(options: SMTPTransportOptions, from: string): MailTransport {
  const transporter = nodemailer.createTransport({ ...options, ...SAFE_OPTIONS });
  return {
    send: async (message) => {
      await transporter.sendMail(compose(message, from));
    },
    close: () => {
      transporter.close();
    },
  };
}

function fileDirectory(mailUrl: string): string {
  const dir = mailUrl.startsWith('file://') ? fileURLToPath(mailUrl) : mailUrl.slice('file:'.length);
  if (dir === '') throw new Error('MAIL_URL file: needs a directory, e.g. file:./var/mail');
  return resolve(dir);
}

/** Writes `<dir>/<outbox id>.eml`, so that delivering a row again replaces its file. */
function fileTransport(dir: string, from: string): MailTransport {
  // CRLF line ends, as RFC 5322 requires of a message at rest.
  const composer = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
    ...SAFE_OPTIONS,
  });
  return {
    send: async (message) => {
      // The id becomes a file name: refuse anything that could leave the directory.
      if (!/^[A-Za-z0-9_-]{1,128}$/.test(message.id)) throw new Error('outbox id is not a safe file name');
      const info = await composer.sendMail(compose(message, from));
      if (!Buffer.isBuffer(info.message)) throw new Error('nodemailer returned a stream instead of a buffer');
      await writeAtomically(dir, `${message.id}.eml`, info.message);
    },
    close: () => {
      composer.close();
    },
  };
}

/**
 * A reader of the directory sees either no file or the whole message: the bytes go to a hidden
 * temporary name first (not `*.eml`), reach the disk, and are renamed into place.
 */
async function writeAtomically(dir: string, name: string, data: Buffer): Promise<void> {
  await mkdir(dir, { recursive: true });
  const temporary = join(dir, `.${name}.${randomUUID()}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, join(dir, name));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * The Message-ID is derived from the outbox id alone: a message delivered twice (a worker died
 * between sending and recording it, or the SMTP server accepted it after the client had given up
 * waiting) carries the same id every time, from any process, so mail clients that deduplicate by
 * Message-ID show it once. Delivery is at least once (docs/OPERATIONS.md).
 */
function compose(message: OutgoingMail, from: string): SendMailOptions {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'roster.invalid';
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    messageId: `<${message.id}@${domain}>`,
  };
}
