import {
  createContextKey,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import type {
  Attempt,
  AttemptLayer,
  AttemptResult,
  CallLayer,
  CallRequest,
  CallResult,
  ProviderAttempt,
} from '../provider-calls/types';

/**
 * A provider call's spans, when its GraphQL request is traced: one INTERNAL span per logical call
 * (`GET <provider>`: the provider, the method, how many attempts were made and how the call ended),
 * and under it one CLIENT span per attempt (`GET /v0/workspaces/{id}`: the URL with `{id}` in
 * place of each workspace id, the attempt number as `http.request.resend_count`, the status or
 * why no answer came), whose `traceparent` the attempt's request carries to the provider. No
 * token (headers are not recorded) and no input value (bodies are not) is ever part of a span.
 *
 * Two layers of the provider call pipeline (src/provider-calls/types.ts), put in place by the
 * server (src/server/wiring/provider-gateways.ts) when tracing is on: `traceCall` around the call,
 * `traceAttempt` around each attempt. The parent is the request's trace, handed to the call in
 * `request.trace` (no active context: see server-spans.ts); when the request is not sampled there
 * is none and the call runs as it is.
 */
const CALL = createContextKey('workspace-subgraph provider call');
const tracer = trace.getTracer('workspace-subgraph');

/** What the attempts of a call find in the context. */
interface CallInContext {
  /** The attributes every attempt's span starts with. */
  attributes: Attributes;
  /** `GET /v1/workspaces/{id}`: each attempt's span name. */
  name: string;
  /** Attempts made so far. */
  made: number;
}

/**
 * Runs each call under its own span when the request is traced. Not an async function: untraced,
 * the call's own promise is returned as it is (no extra ticks).
 */
export const traceCall: CallLayer = (next) => (request) => {
  const parent = request.trace as Context | undefined;
  if (parent === undefined) return next(request);
  const shape = callShapeOf(request);
  const inContext: CallInContext = { attributes: shape.attemptAttributes, name: shape.attemptName, made: 0 };
  const span = tracer.startSpan(shape.name, { kind: SpanKind.INTERNAL, attributes: shape.attributes }, parent);
  // The attempts (traceAttempt) find the call's span and details in the request's trace.
  return tracedCall(
    next,
    { ...request, trace: trace.setSpan(parent.setValue(CALL, inContext), span) },
    span,
    inContext,
  );
};

/** What the spans of every call to one URL template (a provider, a method, a path shape) start with. */
interface CallShape {
  /** `PUT <provider>`, and the call span's attributes. */
  name: string;
  attributes: Attributes;
  /** `PUT /v1/workspaces/{id}`, and each attempt span's attributes. */
  attemptName: string;
  attemptAttributes: Attributes;
}

/**
 * Built once per template and kept (a handful per provider: its paths times its methods); the
 * span copies what it is given, so one object serves every span.
 */
const callShapes = new Map<string, CallShape>();

function callShapeOf(request: CallRequest): CallShape {
  const url = request.urlTemplate();
  const key = `${request.method} ${request.provider} ${url}`;
  let shape = callShapes.get(key);
  if (!shape) {
    const template = urlTemplateOf(url);
    const pathTemplate = decodeURI(template.pathname);
    shape = {
      name: `${request.method} ${request.provider}`,
      attributes: {
        'workspace.provider': request.provider,
        'http.request.method': request.method,
        'url.template': pathTemplate,
      },
      attemptName: `${request.method} ${pathTemplate}`,
      attemptAttributes: attemptAttributes(request, template, pathTemplate),
    };
    callShapes.set(key, shape);
  }
  return shape;
}

async function tracedCall(
  next: (request: CallRequest) => Promise<CallResult>,
  request: CallRequest,
  span: Span,
  inContext: CallInContext,
): Promise<CallResult> {
  return spanning(span, next(request), (result) => {
    span.setAttribute('workspace.provider.attempts', inContext.made);
    endCall(span, result);
  });
}

/** `work` under `span`: `end` records its result, a throw marks the span an error, the span ends either way. */
async function spanning<T>(span: Span, work: Promise<T>, end: (result: T) => void): Promise<T> {
  try {
    const result = await work;
    end(result);
    return result;
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}

function endCall(span: Span, result: CallResult): void {
  if ('reason' in result) {
    span.setAttribute('error.type', result.reason);
    span.setStatus({ code: SpanStatusCode.ERROR });
    return;
  }
  span.setAttribute('http.response.status_code', result.status);
  if (result.status >= 500) {
    span.setAttribute('error.type', String(result.status));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
}

/**
 * Each attempt of a traced call as a CLIENT span, its context sent to the provider in
 * `traceparent` (and `tracestate`) on a copy of the call's headers, for that attempt only.
 * Outside a traced call, the attempt runs as it is.
 */
export const traceAttempt: AttemptLayer = (next) => (request, attempt) => {
  const parent = request.trace as Context | undefined;
  const call = parent?.getValue(CALL) as CallInContext | undefined;
  if (!parent || !call) return next(request, attempt);
  call.made = attempt.number + 1;
  return tracedAttempt(next, request, attempt, call, parent);
};

async function tracedAttempt(
  next: ProviderAttempt,
  request: CallRequest,
  attempt: Attempt,
  call: CallInContext,
  parent: Context,
): Promise<AttemptResult> {
  const span = tracer.startSpan(call.name, { kind: SpanKind.CLIENT, attributes: call.attributes }, parent);
  if (attempt.number > 0) span.setAttribute('http.request.resend_count', attempt.number);
  // The span's context alone: the caller's baggage, if any, is not sent on to a provider.
  const headers = { ...request.headers };
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), headers);
  return spanning(span, next({ ...request, headers }, attempt), (result) => endAttempt(span, result));
}

/** A status of 400 or more, or no answer (`timeout`, `refused`…), is the attempt's error. */
function endAttempt(span: Span, result: AttemptResult): void {
  const failed = 'reason' in result ? result.reason : result.status >= 400 ? String(result.status) : null;
  if ('status' in result) span.setAttribute('http.response.status_code', result.status);
  if (failed === null) return;
  span.setAttribute('error.type', failed);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/** An attempt's CLIENT span attributes (semantic conventions): the URL as its template, no query string. */
function attemptAttributes(request: CallRequest, template: URL, pathTemplate: string): Attributes {
  return {
    'http.request.method': request.method,
    'url.full': decodeURI(template.href),
    'url.scheme': template.protocol.slice(0, -1),
    'url.path': pathTemplate,
    'url.query': '',
    'url.template': pathTemplate,
    'server.address': template.hostname,
    'server.port': Number(template.port) || (template.protocol === 'https:' ? 443 : 80),
    'workspace.provider': request.provider,
  };
}

/**
 * The URL of a call with its ids as `{id}`, as a span may show it: `url` is built from
 * placeholder segments (escaped, `%7Bid%7D`); any credentials in the base URL and any query are
 * left out.
 */
function urlTemplateOf(url: string): URL {
  const template = new URL(url);
  template.username = '';
  template.password = '';
  template.search = '';
  return template;
}
