import Bowser from 'bowser';

/** The longest client name shown for a User-Agent bowser does not know (its first product token). */
const PRODUCT_MAX = 40;

/**
 * A short form of a User-Agent, as a person recognises their devices: "Firefox on Windows",
 * "Safari on iOS"; for a program bowser does not know, its first product token ("curl"); null
 * when no User-Agent was sent.
 */
export function clientName(userAgent: string | null): string | null {
  const text = userAgent?.trim();
  if (!text) return null;
  let parsed: { browser: { name?: string }; os: { name?: string } };
  try {
    parsed = Bowser.parse(text);
  } catch {
    // A User-Agent is the client's to choose: one bowser cannot read is named by its first token.
    parsed = { browser: {}, os: {} };
  }
  const browser = parsed.browser.name || productOf(text);
  const os = parsed.os.name;
  if (!browser) return os ? `Unknown browser on ${os}` : null;
  return os ? `${browser} on ${os}` : browser;
}

/** `curl/8.5.0 (x86_64)` → `curl`. */
function productOf(userAgent: string): string {
  return (userAgent.split(/[\s/]/u)[0] ?? '').slice(0, PRODUCT_MAX);
}
