import {
  context,
  createContextKey,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
} from '@opentelemetry/api';
import type { AttemptLayer, CallLayer, CallResult } from '../provider-calls/types';

/**
 * A provider call's spans, when its GraphQL request is traced: one INTERNAL span per logical call
 * (`GET blaxel`: the provider, the method, how many attempts were made and how the call ended),
 * and under it one CLIENT span per attempt, made by the undici instrumentation (register.ts),
 * whose hooks read the call from the context: the provider, the attempt number
 * (`http.request.resend_count`) and the URL with `{id}` in place of each workspace id. No token
 * (headers are not recorded) and no input value (bodies are not) is ever part of a span.
 *
 * Two layers of the provider call pipeline (src/provider-calls/types.ts), put in place by the
 * server (src/server/wiring/provider-gateways.ts): `traceCall` around the call, `traceAttempt` around
 * each attempt. When the request is not traced (tracing off, or not sampled) the call runs as it
 * is: nothing here is done but one look at the context.
 */
const CALL = createContextKey('workspace-subgraph provider call');
const tracer = trace.getTracer('workspace-subgraph');

/** What the attempts of a call find in the context. */
interface CallInContext {
  provider: string;
  urlTemplate: string;
  /** The path of urlTemplate, `/v1/workspaces/{id}`. */
  pathTemplate: string;
  /** 0 for the first attempt, 1 for the first retry… */
  attempt: number;
  /** Attempts made so far, shared by the call's attempts. */
  made: { count: number };
}

/**
 * Runs each call under its own span when the request is traced. Not an async function: untraced,
 * the call's own promise is returned as it is (no extra ticks).
 */
export const traceCall: CallLayer = (next) => (request) => {
  if (!trace.getActiveSpan()?.isRecording()) return next(request);
  const urlTemplate = urlTemplateOf(request.urlTemplate());
  const pathTemplate = decodeURI(new URL(urlTemplate).pathname);
  const made = { count: 0 };
  const inContext: CallInContext = { provider: request.provider, urlTemplate, pathTemplate, attempt: 0, made };
  const attributes: Attributes = {
    'workspace.provider': request.provider,
    'http.request.method': request.method,
    'url.template': pathTemplate,
  };
  return tracer.startActiveSpan(
    `${request.method} ${request.provider}`,
    { kind: SpanKind.INTERNAL, attributes },
    context.active().setValue(CALL, inContext),
    async (span) => {
      try {
        const result = await next(request);
        span.setAttribute('workspace.provider.attempts', made.count);
        endCall(span, result);
        return result;
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
};

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
 * Runs each attempt of a traced call in the context with its number (`attempt`: 0 for the first),
 * where the undici span's hooks read it. Outside a traced call, the attempt runs as it is.
 */
export const traceAttempt: AttemptLayer = (next) => (request, attempt) => {
  const call = context.active().getValue(CALL) as CallInContext | undefined;
  if (!call) return next(request, attempt);
  call.made.count = attempt.number + 1;
  const inContext = context.active().setValue(CALL, { ...call, attempt: attempt.number });
  return context.with(inContext, next, undefined, request, attempt);
};

/**
 * The attributes of an attempt's CLIENT span (undici's startSpanHook): the URL as its template
 * (ids out), no query string. Requests outside a provider call (none today) keep undici's own.
 */
export function attemptAttributes(): Attributes | undefined {
  const call = context.active().getValue(CALL) as CallInContext | undefined;
  if (!call) return undefined;
  const attributes: Attributes = {
    'workspace.provider': call.provider,
    'url.full': call.urlTemplate,
    'url.path': call.pathTemplate,
    'url.query': '',
    'url.template': call.pathTemplate,
  };
  if (call.attempt > 0) attributes['http.request.resend_count'] = call.attempt;
  return attributes;
}

/** An attempt's CLIENT span name: `GET /v1/workspaces/{id}` (semantic conventions: method and URL template). */
export function nameAttemptSpan(span: Span, method: string): void {
  const call = context.active().getValue(CALL) as CallInContext | undefined;
  if (call) span.updateName(`${method} ${call.pathTemplate}`);
}

/**
 * The URL of a call with its ids as `{id}`, as a span may show it: `url` is built from
 * placeholder segments (escaped, `%7Bid%7D`); any credentials in the base URL and any query are
 * left out.
 */
function urlTemplateOf(url: string): string {
  const template = new URL(url);
  template.username = '';
  template.password = '';
  template.search = '';
  return decodeURI(template.href);
}
