import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A span as OTLP/HTTP JSON carries it (the fields the tests read). */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** 1 internal, 2 server, 3 client. */
  kind: number;
  attributes?: { key: string; value: Record<string, unknown> }[];
  status?: { code?: number };
}

export const SpanKinds = { internal: 1, server: 2, client: 3 } as const;

export interface OtlpReceiver {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT (the exporter posts to <url>/v1/traces). */
  url: string;
  spans: OtlpSpan[];
  /** The resource attributes of each export. */
  resources: Record<string, unknown>[];
  /** Paths and content types the exports came with. */
  posts: { path: string; contentType: string | undefined }[];
  close(): Promise<void>;
}

/**
 * An OTLP/HTTP receiver on loopback: what a collector is to the subgraph. It reads the JSON
 * encoding (OTEL_EXPORTER_OTLP_PROTOCOL=http/json) and answers as a collector does.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: OtlpSpan[] = [];
  const resources: Record<string, unknown>[] = [];
  const posts: OtlpReceiver['posts'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      posts.push({ path: req.url ?? '', contentType: req.headers['content-type'] });
      if (req.url === '/v1/traces' && String(req.headers['content-type']).includes('json')) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans?: {
            resource?: { attributes?: OtlpSpan['attributes'] };
            scopeSpans?: { spans?: OtlpSpan[] }[];
          }[];
        };
        for (const resourceSpans of body.resourceSpans ?? []) {
          resources.push(attributesOf(resourceSpans.resource ?? {}));
          for (const scope of resourceSpans.scopeSpans ?? []) spans.push(...(scope.spans ?? []));
        }
      }
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    resources,
    posts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A span's (or a resource's) attributes as a plain object. */
export function attributesOf(item: { attributes?: OtlpSpan['attributes'] }): Record<string, unknown> {
  return Object.fromEntries((item.attributes ?? []).map(({ key, value }) => [key, Object.values(value)[0]]));
}
