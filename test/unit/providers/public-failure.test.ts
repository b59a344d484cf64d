// What a provider's error answer may show a caller (issue 17, defects 1 and 2): the credential is
// cut out of free text in every form a provider may echo it in, never out of a field the code
// reads; a non-4xx answer's text is replaced by ours (status and code).
import { describe, expect, it } from 'vitest';
import { failures, type WorkspaceFailure } from '../../../src/domain/failures';
import { publicFailure } from '../../../src/providers/shared/public-failure';
import { REDACTED, secretScrubber } from '../../../src/providers/shared/secret-scrub';

const TOKEN = 'sk_live/Ab+cd=Ef&gh 42';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const b64url = (text: string) => Buffer.from(text).toString('base64url');

describe('secretScrubber', () => {
  const scrub = secretScrubber(TOKEN);

  it.each([
    ['as sent', TOKEN],
    ['upper case', TOKEN.toUpperCase()],
    ['lower case', TOKEN.toLowerCase()],
    ['percent-encoded', encodeURIComponent(TOKEN)],
    ['percent-encoded, lower-case hex', encodeURIComponent(TOKEN).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())],
    ['form-encoded', new URLSearchParams({ t: TOKEN }).toString().slice(2)],
    ['base64', b64(TOKEN)],
    ['base64 without padding', b64(TOKEN).replace(/=+$/, '')],
    ['base64url', b64url(TOKEN)],
    ['a Basic header of user:token', b64(`someone:${TOKEN}`)],
    ['base64url of user:token', b64url(`x:${TOKEN}`)],
    ['base64 of user:token glued to the text before it', `auth${b64(`ab:${TOKEN}`)}`],
  ])('cuts it %s', (_form, echoed) => {
    const text = `the token ${echoed} is not valid here`;
    const scrubbed = scrub(text);
    expect(scrubbed).not.toContain(echoed);
    expect(scrubbed.toLowerCase()).not.toContain(TOKEN.toLowerCase());
    expect(scrubbed).toMatch(/^the token .*\[redacted\].* is not valid here$/);
  });

  it('leaves text without it alone, base64-looking words included', () => {
    const text = 'Vertra Cloud is rate limiting requests: Too many requests (RATE_LIMITED) dGhpcyBpcyBmaW5l';
    expect(scrub(text)).toBe(text);
  });

  it('an empty secret cuts nothing', () => {
    expect(secretScrubber('')('nothing to cut')).toBe('nothing to cut');
  });

  describe('a pathologically short token', () => {
    it.each(['t', 'a', 'e', 'T'])('%s is cut where it stands alone, never inside a word', (token) => {
      const short = secretScrubber(token);
      expect(short('Vertra Cloud is rate limiting requests: Too many requests')).toBe(
        'Vertra Cloud is rate limiting requests: Too many requests',
      );
      expect(short(`invalid token ${token}`)).toBe(`invalid token ${REDACTED}`);
      expect(short(`token=${token.toUpperCase()}&x=1`)).toBe(`token=${REDACTED}&x=1`);
      expect(short(`basic ${b64(token)}`)).toBe(`basic ${REDACTED}`);
    });
  });
});

/** A failure's fields other than its message (free text). */
function withoutMessage(failure: WorkspaceFailure): Record<string, unknown> {
  return Object.fromEntries(Object.entries(failure).filter(([key]) => key !== 'message'));
}

describe('publicFailure', () => {
  const rateLimited = failures.rateLimited('vertra', 3, 'Vertra Cloud is rate limiting requests: Too many requests');

  it('never touches a field the code reads, whatever the token', () => {
    const cases: WorkspaceFailure[] = [
      rateLimited,
      failures.validation([{ path: ['input', 'tags', '2'], code: 'TOO_LONG', message: 'too long' }], 'refused'),
      failures.notFound('vertra:t', 'Vertra Cloud has no workspace vertra:t'),
      failures.authentication('terraform', 'not accepted'),
      failures.permissionDenied('altostrat', 'not allowed'),
      failures.conflict('name', 'The change clashes'),
      failures.provider('vertra', { status: 418, code: 'teapot', retryable: false }, 'teapot'),
    ];
    for (const token of ['t', 'a', 'e', 'r', 'input', 'name', 'vertra', 'rate-limited', 'TOO_LONG']) {
      const scrub = secretScrubber(token);
      for (const failure of cases) {
        const shown = publicFailure(failure, 429, 'vertra', scrub);
        const structure = withoutMessage(shown);
        const expected = withoutMessage(failure);
        if (shown.kind === 'validation' && failure.kind === 'validation') {
          expect(shown.fieldErrors.map(({ path, code }) => ({ path, code }))).toEqual(
            failure.fieldErrors.map(({ path, code }) => ({ path, code })),
          );
        } else if (shown.kind === 'provider' && failure.kind === 'provider') {
          expect({ ...structure, code: null }).toEqual({ ...expected, code: null });
        } else {
          expect(structure, `${failure.kind} with token ${token}`).toEqual(expected);
        }
      }
    }
  });

  it('a 4xx keeps the provider words, the credential cut out of every free text', () => {
    const scrub = secretScrubber(TOKEN);
    const said = `token ${TOKEN.toUpperCase()} refused`;
    const shown = publicFailure(
      failures.validation([{ path: ['input', 'name'], code: 'INVALID', message: said }], `refused: ${said}`),
      422,
      'dreadnode',
      scrub,
    );
    expect(shown).toEqual({
      kind: 'validation',
      message: `refused: token ${REDACTED} refused`,
      fieldErrors: [{ path: ['input', 'name'], code: 'INVALID', message: `token ${REDACTED} refused` }],
    });
    const provider = publicFailure(
      failures.provider('vertra', { status: 418, code: `bad-${TOKEN}`, retryable: false }, said),
      418,
      'vertra',
      scrub,
    );
    expect(provider).toMatchObject({ code: `bad-${REDACTED}`, message: `token ${REDACTED} refused` });
  });

  it("a 5xx shows none of the provider's text: the status and its code", () => {
    const leak = 'db=postgres://admin:hunter2@10.0.0.5/workspaces';
    const scrub = secretScrubber(TOKEN);
    expect(
      publicFailure(
        failures.provider('vertra', { status: 500, code: 'INTERNAL_ERROR', retryable: false }, `boom: ${leak}`),
        500,
        'vertra',
        scrub,
      ),
    ).toEqual({
      kind: 'provider',
      provider: 'vertra',
      status: 500,
      code: 'INTERNAL_ERROR',
      retryable: false,
      message: 'Vertra Cloud answered with HTTP 500 (INTERNAL_ERROR)',
    });
    // A "code" that is really a sentence or a connection string is not shown.
    const noCode = publicFailure(
      failures.provider('blaxel', { status: 503, code: leak, retryable: true }, leak),
      503,
      'blaxel',
      scrub,
    );
    expect(noCode).toMatchObject({ code: null, message: 'Blaxel answered with HTTP 503', retryable: true });
    // A 5xx that the mapping read as another kind keeps the kind, the paths and the codes.
    const validation = publicFailure(
      failures.validation([{ path: ['input', 'description'], code: 'INVALID', message: leak }], leak),
      500,
      'vertra',
      scrub,
    );
    expect(validation).toEqual({
      kind: 'validation',
      message: 'Vertra Cloud answered with HTTP 500',
      fieldErrors: [{ path: ['input', 'description'], code: 'INVALID', message: 'Vertra Cloud refused this value.' }],
    });
    expect(JSON.stringify([noCode, validation])).not.toContain('hunter2');
  });

  it('a 3xx is not a documented error either', () => {
    const shown = publicFailure(
      failures.provider(
        'blaxel',
        { status: 307, code: null, retryable: false },
        'Blaxel answered with HTTP 307: moved',
      ),
      307,
      'blaxel',
      (text) => text,
    );
    expect(shown.message).toBe('Blaxel answered with HTTP 307');
  });
});
