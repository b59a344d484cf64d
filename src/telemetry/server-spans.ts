import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
} from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tracingConfigured } from './register';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const tracer = trace.getTracer('workspace-subgraph');
const SERVER = { kind: SpanKind.SERVER } as const;

/**
 * The GraphQL handler, traced: one SERVER span per request the sampler keeps (`POST /graphql`),
 * continuing the caller's W3C `traceparent`, with the rest of the request run in its context
 * (the operation's and the provider calls' spans go under it; log lines carry its ids). A request
 * the sampler drops runs `handle` as it is, in no context: nothing under it is traced. With
 * tracing off, `handle` itself is returned.
 */
export function traceRequests(handle: Handler): Handler {
  if (!tracingConfigured) return handle;
  return (req, res) => {
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    // Asked with the name and kind only: the attributes are built once the sampler has said yes.
    const span = tracer.startSpan(req.method === 'POST' ? 'POST /graphql' : `${req.method} /graphql`, SERVER, parent);
    if (!span.isRecording()) return handle(req, res);
    span.setAttributes(requestAttributes(req));
    res.once('close', () => endServerSpan(span, res));
    context.with(trace.setSpan(parent, span), handle, undefined, req, res);
  };
}

/**
 * The semantic conventions' HTTP server attributes, without any header or the query string: a
 * GET /graphql carries the operation and its variables there (`url.query` is then `REDACTED`).
 */
function requestAttributes(req: IncomingMessage): Attributes {
  // Express strips its mount path from `req.url` (GET /graphql goes through it).
  const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/graphql';
  const query = url.indexOf('?');
  const socket = req.socket;
  const attributes: Attributes = {
    'http.request.method': req.method,
    'http.route': '/graphql',
    'url.scheme': 'http',
    'url.path': query === -1 ? url : url.slice(0, query),
    'server.address': socket.localAddress,
    'server.port': socket.localPort,
    'client.address': socket.remoteAddress,
    'network.peer.address': socket.remoteAddress,
    'network.peer.port': socket.remotePort,
    'network.protocol.version': req.httpVersion,
  };
  if (query !== -1) attributes['url.query'] = 'REDACTED';
  return attributes;
}

/** The response's status; a 5xx, or a response cut short (the client went away), is an error. */
function endServerSpan(span: Span, res: ServerResponse): void {
  span.setAttribute('http.response.status_code', res.statusCode);
  const failed = res.statusCode >= 500 ? String(res.statusCode) : res.writableFinished ? null : 'aborted';
  if (failed !== null) {
    span.setAttribute('error.type', failed);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}
