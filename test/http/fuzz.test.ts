import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_FIXTURES, fixtureOf, malformedIds, providerAt, providerWith, referenceOf } from '../providers';
import { startStack, type TestStack } from '../support/stack';

/**
 * Request-level fuzzing: 1,200 malformed or hostile GraphQL requests, generated from a fixed
 * seed. Each gets a 4xx or a typed answer (GraphQL errors or a union member), never a 5xx, and
 * no upstream call carries a path segment that is not a safe reference.
 */
const REQUESTS = 1200;

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ MAX_BODY_BYTES: String(256 * 1024) });
});
afterAll(() => stack?.close());

/** mulberry32: a tiny seeded PRNG, so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20261122);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** Each provider's malformed ids, and more hostile ones built on its writable seed's reference. */
const HOSTILE_IDS = [
  ...ALL_FIXTURES.flatMap((f) => {
    const { provider } = f;
    const reference = referenceOf(f.writable.id);
    return [
      ...malformedIds(f).map(({ id }) => id),
      `${provider}:..`,
      `${provider}:.`,
      `${provider}:%2e%2e`,
      `${provider}:a\u0000b`,
      `${provider}:${'../'.repeat(40)}`,
      `${provider}:${reference}#frag`,
      `${provider}:${reference}\r\nX-Injected: 1`,
      `${provider}:${reference} `,
      `${provider}:\u202egnp.exe`,
      `${provider}:\ud800`,
      `${provider}:é`,
      `${provider}:%00`,
      `${provider}:${reference.replace(/\//g, '\\')}\\x`,
      `${provider}:${reference}/../x`,
      provider,
    ];
  }),
  `:${referenceOf(providerAt(0).writable.id)}`,
  '',
];
/** A list field (a provider's, with a limit on each item), to send a string where a list goes, and weird items. */
const LISTED = providerWith('with a limit on each item of a list', (f) => f.limits.some((l) => l.item));
const LIST_FIELD = (LISTED.limits.find((l) => l.item) as { field: string }).field;
const WRITABLE_IDS = ALL_FIXTURES.map((f) => f.writable.id);
const WEIRD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud83d\ude00'.repeat(51),
  '\ud800',
  '\u202e\u200b\ufeff',
  'x'.repeat(20_000),
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "'; DROP TABLE workspaces; --",
  '{"$ne":null}',
];
const MUTATION =
  'mutation($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { __typename ... on Error { message } } }';

/** One hostile request body (a string: some are deliberately not JSON). */
function hostileBody(): string {
  switch (Math.floor(random() * 9)) {
    case 0: {
      // Truncated or broken JSON.
      const valid = JSON.stringify({ query: MUTATION, variables: { input: { id: pick(HOSTILE_IDS) } } });
      return valid.slice(0, Math.floor(random() * valid.length));
    }
    case 1:
      // Wrong variable types.
      return JSON.stringify({
        query: MUTATION,
        variables: {
          input: pick([
            5,
            'x',
            null,
            [],
            { id: 7 },
            { id: LISTED.writable.id, [LIST_FIELD]: 'x' },
            ...ALL_FIXTURES.map((f) => ({ id: f.writable.id, name: 42 })),
            { id: providerAt(0).writable.id, description: ['yes'] },
          ]),
        },
      });
    case 2:
      // Hostile ids on updates.
      return JSON.stringify({
        query: MUTATION,
        variables: { input: { id: pick(HOSTILE_IDS), name: pick(WEIRD_STRINGS) } },
      });
    case 3:
      // Hostile ids on reads.
      return JSON.stringify({
        query: 'query($id: ID!) { workspace(id: $id) { id name } }',
        variables: { id: pick(HOSTILE_IDS) },
      });
    case 4:
      // Weird strings in every field of a real workspace.
      return JSON.stringify({
        query: MUTATION,
        variables: {
          input: {
            id: pick(WRITABLE_IDS),
            name: pick(WEIRD_STRINGS),
            description: pick(WEIRD_STRINGS),
            [LIST_FIELD]: [pick(WEIRD_STRINGS)],
          },
        },
      });
    case 5:
      // Deep nesting.
      return JSON.stringify({ query: `${'{ a '.repeat(50 + Math.floor(random() * 500))}${'}'.repeat(10)}` });
    case 6:
      // Not a GraphQL request at all.
      return pick([
        'null',
        '[]',
        '"query"',
        '{}',
        '{"query": 5}',
        '{"query": "{ __typename }", "variables": "x"}',
        '{"query": "{ __typename }", "extensions": 1}',
      ]);
    case 7:
      // Unicode in the document itself.
      return JSON.stringify({
        query: `{ workspace(id: "${pick(['\u0000', '\ud800', `${providerAt(0).provider}:\u202eorg123`, '"'])}") { id } }`,
      });
    default:
      // Random bytes.
      return Array.from({ length: 1 + Math.floor(random() * 200) }, () =>
        String.fromCharCode(Math.floor(random() * 0xffff)),
      ).join('');
  }
}

/**
 * The paths a provider's calls may take: its path with each reference segment a safe one
 * (the fixture's pathOf, given placeholder segments).
 */
const SAFE_SEGMENT = '[A-Za-z0-9._~-]+';
const safePath = (provider: string): RegExp => {
  const fixture = fixtureOf(provider);
  const placeholders = referenceOf(fixture.writable.id)
    .split('/')
    .map((_, i) => `SEGMENT${i}PLACEHOLDER`);
  const path = fixture.pathOf(placeholders.join('/'));
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/SEGMENT\d+PLACEHOLDER/g, SAFE_SEGMENT)}$`);
};

describe('fuzzing the GraphQL endpoint', () => {
  it(
    `answers ${REQUESTS} hostile requests with a 4xx or a typed result, never a 5xx`,
    { timeout: 120_000 },
    async () => {
      const bodies = Array.from({ length: REQUESTS }, hostileBody);
      const statuses = new Map<number, number>();
      const serverErrors: string[] = [];
      for (let i = 0; i < bodies.length; i += 25) {
        await Promise.all(
          bodies.slice(i, i + 25).map(async (body) => {
            const response = await fetch(stack.url, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body,
            });
            const text = await response.text();
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            if (response.status >= 500)
              serverErrors.push(`${response.status} for ${body.slice(0, 120)}: ${text.slice(0, 200)}`);
            if (response.status === 200) {
              const json = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
              expect(json.data !== undefined || json.errors !== undefined).toBe(true);
            } else {
              expect(response.status).toBeGreaterThanOrEqual(400);
            }
          }),
        );
      }
      expect(serverErrors).toEqual([]);
      expect([...statuses.keys()].every((s) => s < 500)).toBe(true);

      // The mix reached both the parser's refusals and the resolvers, and some calls went upstream.
      expect(statuses.get(200)).toBeGreaterThan(100);
      expect(statuses.get(400)).toBeGreaterThan(100);
      expect(stack.emulator.requests.length).toBeGreaterThan(0);
      for (const request of stack.emulator.requests) {
        expect(request.path, `${request.provider} ${request.method} ${request.rawUrl}`).toMatch(
          safePath(request.provider),
        );
        const segments = request.path.split('/');
        expect(segments.includes('..') || segments.includes('.')).toBe(false);
      }
    },
  );
});
