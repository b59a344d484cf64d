import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const HOSTILE_IDS = [
  'vertra:../admin',
  'blaxel:a%2Fb',
  'blaxel:a/b',
  'dreadnode:acme/../x',
  'dreadnode:acme/research/extra',
  'dreadnode:../research',
  'flashback:..',
  'flashback:.',
  'altostrat:%2e%2e',
  'vertra:a\u0000b',
  'vertra:' + '../'.repeat(40),
  'altostrat:ws_a1b2c3d4e5f6g7h8?x=1',
  'altostrat:ws_a1b2c3d4e5f6g7h8#frag',
  'blaxel:my-workspace\r\nX-Injected: 1',
  'vertra:org123 ',
  'VERTRA:org123',
  ':org123',
  'vertra',
  '',
  'blaxel:\u202egnp.exe',
  'blaxel:\ud800',
  'blaxel:é',
  'vertra:%00',
  'dreadnode:acme\\research',
];
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
            { id: 'vertra:org123', tags: 'x' },
            { id: 'vertra:org123', isActive: 'yes' },
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
            id: pick(['vertra:org123', 'altostrat:ws_a1b2c3d4e5f6g7h8', 'blaxel:my-workspace']),
            name: pick(WEIRD_STRINGS),
            description: pick(WEIRD_STRINGS),
            tags: [pick(WEIRD_STRINGS)],
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
        query: `{ workspace(id: "${pick(['\u0000', '\ud800', 'vertra:\u202eorg123', '"'])}") { id } }`,
      });
    default:
      // Random bytes.
      return Array.from({ length: 1 + Math.floor(random() * 200) }, () =>
        String.fromCharCode(Math.floor(random() * 0xffff)),
      ).join('');
  }
}

const SAFE_PATH: Record<string, RegExp> = {
  blaxel: /^\/workspaces\/[A-Za-z0-9._~-]+$/,
  dreadnode: /^\/org\/[A-Za-z0-9._~-]+\/ws\/[A-Za-z0-9._~-]+$/,
  flashback: /^\/workspace\/[A-Za-z0-9._~-]+$/,
  vertra: /^\/workspaces\/[A-Za-z0-9._~-]+$/,
  altostrat: /^\/workspaces\/[A-Za-z0-9._~-]+$/,
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
          SAFE_PATH[request.provider] as RegExp,
        );
        const segments = request.path.split('/');
        expect(segments.includes('..') || segments.includes('.')).toBe(false);
      }
    },
  );
});
