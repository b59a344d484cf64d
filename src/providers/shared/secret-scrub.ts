/** What a secret is replaced with in provider text. */
export const REDACTED = '[redacted]';

/**
 * A secret at least this long is cut wherever it appears, inside a word too. A shorter one (a
 * pathological token such as `t`) is cut only where it stands alone: cut inside every word, it
 * would wreck every message ("ra[redacted]e limi[redacted]ed") and hide nothing worth hiding.
 */
export const MIN_SECRET_LENGTH_ANYWHERE = 8;

/** Letters, digits and `_`: a short secret next to one of these is part of a word, not an echo. */
const WORD_CHAR = '[A-Za-z0-9_]';

/** A run of base64 or base64url characters, optionally padded. */
const BASE64_RUN = /[A-Za-z0-9+/_-]+={0,2}/g;

/**
 * A function that cuts `secret` out of free text (a provider's message, code or field message),
 * in every form a provider may echo it in:
 * - as sent, and case-folded (matched case-insensitively);
 * - percent-encoded (`encodeURIComponent`, and the form encoding of a query string);
 * - base64 and base64url of the secret, padded or not;
 * - base64 of anything that contains it, such as a `Basic` header's `user:secret` (secrets of
 *   MIN_SECRET_LENGTH_ANYWHERE characters or more: a shorter one would be "found" in random words).
 * Only ever applied to free text: never to a field the code reads (a failure's kind, provider, a
 * field error's path or code).
 */
export function secretScrubber(secret: string): (text: string) => string {
  if (secret === '') return (text) => text;
  const forms = encodedForms(secret);
  const alternation = forms.map(escapeRegExp).join('|');
  const long = secret.length >= MIN_SECRET_LENGTH_ANYWHERE;
  const pattern = long
    ? new RegExp(`(?:${alternation})`, 'gi')
    : new RegExp(`(?<!${WORD_CHAR})(?:${alternation})(?!${WORD_CHAR})`, 'gi');
  // The secret's UTF-8 bytes as latin1 characters: what a decoded base64 run is compared with.
  const bytes = Buffer.from(secret, 'utf8').toString('latin1').toLowerCase();
  // The shortest base64 run that can hold the secret's bytes.
  const shortestRun = Math.floor((Buffer.byteLength(secret, 'utf8') * 4) / 3);
  return (text) => {
    let scrubbed = text.replace(pattern, REDACTED);
    if (long) {
      scrubbed = scrubbed.replace(BASE64_RUN, (run) =>
        run.length >= shortestRun && decodesToSecret(run, bytes) ? REDACTED : run,
      );
    }
    return scrubbed;
  };
}

/** The secret as sent, percent-encoded and base64-encoded, without repeats, longest first. */
function encodedForms(secret: string): string[] {
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  const base64url = Buffer.from(secret, 'utf8').toString('base64url');
  const forms = [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    base64,
    base64.replace(/=+$/, ''),
    base64url,
    `${base64url}${'='.repeat(base64.length - base64.replace(/=+$/, '').length)}`,
  ];
  // Longest first, so a padded form is cut whole rather than leaving its `=`.
  return [...new Set(forms)].filter((form) => form !== '').sort((a, b) => b.length - a.length);
}

/**
 * Whether a base64 (or base64url) run decodes to bytes that contain the secret, read from each
 * of the four offsets (a run glued to the characters before it need not start on a boundary).
 */
function decodesToSecret(run: string, secretBytes: string): boolean {
  for (let offset = 0; offset < 4 && offset < run.length; offset++) {
    // Node reads both alphabets; characters after the padding are ignored.
    const decoded = Buffer.from(run.slice(offset), 'base64').toString('latin1').toLowerCase();
    if (decoded.includes(secretBytes)) return true;
  }
  return false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
