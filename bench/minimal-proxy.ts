// The architecture's limit: the least a Node process can do to turn the benchmark's
// updateWorkspace POST into Vertra's REST PUT and back. node:http in, a keep-alive undici Agent
// out, no GraphQL library, no validation beyond what the request needs, no logging.
//
// Env: PORT (0 = any), HOST (127.0.0.1), VERTRA_BASE_URL, VERTRA_API_TOKEN.
// Prints `MINIMAL_PROXY_URL=http://host:port/graphql` once listening.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

interface Input {
  id?: unknown;
  name?: unknown;
  description?: unknown;
  tags?: unknown;
}

interface VertraWorkspace {
  id: string;
  name: string;
  description: string | null;
  tags?: string[] | null;
}

const baseUrl = (process.env['VERTRA_BASE_URL'] ?? '').replace(/\/$/, '');
const authorization = `Bearer ${process.env['VERTRA_API_TOKEN'] ?? ''}`;
if (!baseUrl) throw new Error('VERTRA_BASE_URL is required');
const agent = new Agent({ connections: 64, keepAliveTimeout: 10_000 });

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const result = (value: unknown) => ({ data: { updateWorkspace: value } });
const failure = (typename: string, message: string) => result({ __typename: typename, message });

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req);
  if (req.method !== 'POST' || req.url !== '/graphql') return reply(res, 404, { errors: [{ message: 'Not found' }] });
  let input: Input | undefined;
  try {
    input = (JSON.parse(raw) as { variables?: { input?: Input } }).variables?.input;
  } catch {
    return reply(res, 400, { errors: [{ message: 'The request body is not valid JSON.' }] });
  }
  const id = typeof input?.id === 'string' ? input.id : '';
  if (!id.startsWith('vertra:')) return reply(res, 200, failure('WorkspaceValidationError', 'Invalid id.'));
  const updates: Record<string, unknown> = {};
  if (typeof input?.name === 'string') updates['name'] = input.name;
  if (typeof input?.description === 'string') updates['description'] = input.description;
  if (Array.isArray(input?.tags)) updates['tags'] = input.tags;

  const upstream = await request(`${baseUrl}/workspaces/${encodeURIComponent(id.slice('vertra:'.length))}`, {
    dispatcher: agent,
    method: 'PUT',
    headers: { authorization, accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ updates }),
  });
  const text = await upstream.body.text();
  if (upstream.statusCode < 200 || upstream.statusCode >= 300) {
    return reply(res, 200, failure('WorkspaceProviderError', `Vertra Cloud answered with HTTP ${upstream.statusCode}`));
  }
  const w = (JSON.parse(text) as { response: VertraWorkspace }).response;
  reply(
    res,
    200,
    result({
      __typename: 'UpdateWorkspaceSuccess',
      workspace: { id: `vertra:${w.id}`, name: w.name, description: w.description, details: { tags: w.tags ?? [] } },
    }),
  );
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    if (!res.headersSent) reply(res, 500, { errors: [{ message: String(error) }] });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env['PORT'] ?? 0), process.env['HOST'] ?? '127.0.0.1', () => {
  const { address, port } = server.address() as AddressInfo;
  process.stdout.write(`MINIMAL_PROXY_URL=http://${address}:${port}/graphql\n`);
});

const shutdown = () => {
  server.close();
  server.closeAllConnections();
  void agent.close().finally(() => process.exit(0));
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
