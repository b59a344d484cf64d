import {
  context,
  createContextKey,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
} from '@opentelemetry/api';

/**
 * A provider call's spans, when its GraphQL request is traced: one INTERNAL span per logical call
 * (`GET blaxel`: the provider, the method, how many attempts were made and how the call ended),
 * and under it one CLIENT span per attempt, made by the undici instrumentation (register.ts),
 * whose hooks read the call from the context: the provider, the attempt number
 * (`http.request.resend_count`) and the URL with `{id}` in place of each workspace id. No token
 * (headers are not recorded) and no input value (bodies are not) is ever part of a span.
 *
 * When the request is not traced (tracing off, or not sampled) the call runs as it is: nothing here
 * is done but one look at the context.
 */
const CALL = createContextKey('workspace-subgraph provider call');
const tracer = trace.getTracer('workspace-subgraph');

export interface ProviderCall {
  provider: string;
  method: string;
  /** The URL with `{id}` for each id in it; computed only when the call is traced. */
  urlTemplate: () => string;
}

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

/** How a call ended: the provider's answer, or why there was none (`timeout`, `circuit-open`…). */
export type CallResult = { status: number } | { reason: string };

/**
 * Runs `run`, one logical provider call, under its own span when the request is traced. Not an
 * async function: untraced, the call's own promise is returned as it is (no extra ticks).
 */
export function traceProviderCall<T extends CallResult>(call: ProviderCall, run: () => Promise<T>): Promise<T> {
  if (!trace.getActiveSpan()?.isRecording()) return run();
  const urlTemplate = call.urlTemplate();
  const pathTemplate = decodeURI(new URL(urlTemplate).pathname);
  const made = { count: 0 };
  const inContext: CallInContext = { provider: call.provider, urlTemplate, pathTemplate, attempt: 0, made };
  const attributes: Attributes = {
    'workspace.provider': call.provider,
    'http.request.method': call.method,
    'url.template': pathTemplate,
  };
  return tracer.startActiveSpan(
    `${call.method} ${call.provider}`,
    { kind: SpanKind.INTERNAL, attributes },
    context.active().setValue(CALL, inContext),
    async (span) => {
      try {
        const result = await run();
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
 * Runs one attempt of the call in the context (`attempt`: 0 for the first), where the undici
 * span's hooks read its number. Outside a traced call, `fn` runs as it is.
 */
export function inAttempt<T>(attempt: number, fn: () => Promise<T>): Promise<T> {
  const call = context.active().getValue(CALL) as CallInContext | undefined;
  if (!call) return fn();
  call.made.count = attempt + 1;
  return context.with(context.active().setValue(CALL, { ...call, attempt }), fn);
}

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
 * A provider URL with its ids as `{id}`: `path` is the REST path built from placeholder segments
 * (escaped, `%7Bid%7D`), resolved against the base URL; any credentials in the base URL are left out.
 */
export function urlTemplateOf(path: string, baseUrl: string): string {
  const url = new URL(path, baseUrl);
  url.username = '';
  url.password = '';
  url.search = '';
  return decodeURI(url.href);
}
