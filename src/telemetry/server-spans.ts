import {
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tracingConfigured } from './register';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const tracer = trace.getTracer('workspace-subgraph');
const SERVER = { kind: SpanKind.SERVER } as const;

/**
 * The GraphQL handler, traced: one SERVER span per request the sampler keeps (`POST /graphql`),
 * continuing the caller's W3C `traceparent`; the request's trace (requestTrace) is the parent of the
 * operation's and the provider calls' spans, and its ids go in the log lines. A request
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
    traces.set(req, trace.setSpan(parent, span));
    handle(req, res);
  };
}

/**
 * Each sampled request's trace, handed on explicitly (the GraphQL context, the provider calls, the
 * log lines) rather than through an active context: entering one (AsyncLocalStorage) makes every
 * promise of the process pay for context propagation from the first sampled request on, sampled
 * or not (BENCHMARKS.md, issue 19: +61 % CPU per request at a 10 % sample that way).
 */
const traces = new WeakMap<IncomingMessage, Context>();

/** The request's trace (an OpenTelemetry Context holding its SERVER span) when it is sampled; undefined otherwise. */
export function requestTrace(req: IncomingMessage): Context | undefined {
  return traces.get(req);
}

/** `trace_id`, `span_id` and `trace_flags` of a sampled request's span for its log lines; nothing otherwise. */
export function traceLogFields(requestTrace: unknown): Record<string, string> {
  const span = requestTrace === undefined ? undefined : trace.getSpan(requestTrace as Context)?.spanContext();
  if (!span || !isSpanContextValid(span)) return NO_FIELDS;
  return { trace_id: span.traceId, span_id: span.spanId, trace_flags: `0${span.traceFlags.toString(16)}` };
}

const NO_FIELDS: Record<string, string> = Object.freeze({}) as Record<string, string>;

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
