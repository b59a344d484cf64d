import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import bodyParser from 'body-parser';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLContext } from '../request/request-context';
import {
  batchRefusal,
  costRefusal,
  operationsOf,
  RequestScope,
  type CostEstimator,
  type Refusal,
  type RefusalReason,
  type RequestLimits,
} from '../../limits';
import { traceRequests } from '../../telemetry/server-spans';
import type { Logger } from '../logging/logger';
import { authRefusal } from '../plugins/require-authentication';
import { routerSecretCheck } from './router-secret';

export interface GraphQLHandlerOptions {
  /** The per-request context, built from the HTTP request (its caller and headers) and its scope (budget, deadline). */
  context: (req: IncomingMessage, scope: RequestScope) => Promise<GraphQLContext>;
  /** What one HTTP request may cost and how long it may last (README, "Limits and fair use"). */
  limits: RequestLimits;
  /** Estimates a request's upstream calls before it runs. */
  estimator: CostEstimator;
  /** Told of every request refused before it ran (the metrics). */
  onRefused?: ((reason: RefusalReason) => void) | undefined;
  /** When set, only callers that send it in `x-router-secret` reach GraphQL (401 otherwise). */
  routerSecret?: string | undefined;
  /** Largest request body accepted; larger gets 413. */
  maxBodyBytes: number;
  logger: Logger;
}

/** What the JSON body parser leaves on the request. */
type ParsedRequest = IncomingMessage & { body?: unknown };

/**
 * Apollo Server on plain node:http: the subgraph's hot path (`POST /graphql`) goes here straight
 * from the HTTP server, with no Express router or response helpers in between (they cost more
 * CPU per request than the GraphQL execution itself; BENCHMARKS.md has the figures). It does what
 * Apollo's own integrations do: body-parser's JSON parser (size limit, charset, gzip/deflate/br),
 * then `executeHTTPGraphQLRequest`, then the response as Apollo built it.
 */
export function graphqlHandler(
  apollo: ApolloServer<GraphQLContext>,
  options: GraphQLHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const parseJson = bodyParser.json({ limit: options.maxBodyBytes });
  const fromRouter = options.routerSecret === undefined ? undefined : routerSecretCheck(options.routerSecret);
  /**
   * One error per operation (a batch gets a list), except for a batch over MAX_BATCH_OPERATIONS:
   * its size is the attacker's to choose (a 1 MiB body of `[1,1,…]` is 524,287 operations), so it
   * gets one error, whatever its size.
   */
  const refuse = (res: ServerResponse, refusal: Refusal, batched: boolean, operations: number): void => {
    options.onRefused?.(refusal.reason);
    const errors = { errors: [refusal.error] };
    const perOperation = batched && refusal.reason !== 'batch_size';
    const body = perOperation
      ? Array.from({ length: Math.min(operations, options.limits.maxBatchOperations) }, () => errors)
      : errors;
    res.statusCode = refusal.status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    if (refusal.status === 401) res.setHeader('www-authenticate', 'Bearer');
    res.end(JSON.stringify(body));
  };
  const execute = async (req: ParsedRequest, res: ServerResponse): Promise<void> => {
    const httpGraphQLRequest = toHttpGraphQLRequest(req);
    const batched = Array.isArray(req.body);
    const operations = operationsOf(
      req.body,
      req.method === 'GET' ? new URLSearchParams(httpGraphQLRequest.search) : null,
    );
    const tooMany = batched ? batchRefusal(operations.length, options.limits) : null;
    if (tooMany) return refuse(res, tooMany, batched, operations.length);
    // One deadline and one cancellation for every operation and field of this request.
    const scope = new RequestScope(options.limits);
    res.once('close', () => (res.writableEnded ? scope.finish() : scope.stop('CANCELLED')));
    const context = await options.context(req, scope);
    if (context.unauthenticated !== null) {
      // Without a verified caller only one operation may run (the SDL, for routers): refused whole.
      if (batched && operations.length > 1) {
        const { refusal, headers } = unauthenticatedBatch(context);
        for (const [name, value] of headers) res.setHeader(name, value);
        return refuse(res, refusal, batched, operations.length);
      }
    } else {
      const tooExpensive = costRefusal(operations, options.estimator, options.limits);
      if (tooExpensive) return refuse(res, tooExpensive, batched, operations.length);
    }
    const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => context });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (fromRouter && !fromRouter(req)) {
      sendJsonError(res, 401, 'This subgraph only accepts requests from its router.', 'UNAUTHENTICATED');
      return;
    }
    parseJson(req, res, (parseError?: unknown) => {
      if (parseError) {
        sendHttpError(res, parseError, options.logger);
        return;
      }
      execute(req, res).catch((error: unknown) => sendHttpError(res, error, options.logger));
    });
  };
  // With tracing on, a SERVER span for each request the sampler keeps; `handle` as it is otherwise.
  return traceRequests(handle);
}

/** 401 for every operation, or 503 with Retry-After when the token could not be checked (no keys). */
function unauthenticatedBatch(context: GraphQLContext): { refusal: Refusal; headers: [string, string][] } {
  const { status, headers, error } = authRefusal(context);
  return { refusal: { reason: 'unauthenticated_batch', status, error }, headers };
}

function toHttpGraphQLRequest(req: ParsedRequest): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = req.url ?? '';
  const query = url.indexOf('?');
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    headers,
    search: query === -1 ? '' : url.slice(query),
    body: req.body,
  };
}

/**
 * HTTP-level failures (body parser, anything thrown outside GraphQL) as GraphQL-shaped JSON: 413
 * for an oversize body, 400 for bad JSON, 415 for an unsupported charset or encoding; never an
 * HTML page or a stack trace.
 */
export function sendHttpError(res: ServerResponse, error: unknown, logger: Logger): void {
  const given = (error as { status?: unknown } | undefined)?.status;
  const status = typeof given === 'number' && given >= 400 && given < 500 ? given : 500;
  if (status === 500) logger.error({ err: error }, 'unhandled HTTP error');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const message =
    status === 413
      ? 'The request body is too large.'
      : status === 400
        ? 'The request body is not valid JSON.'
        : status === 415
          ? 'The request body has an unsupported charset or content encoding.'
          : status === 500
            ? 'Internal server error.'
            : 'The request was refused.';
  sendJsonError(res, status, message, status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
}

function sendJsonError(res: ServerResponse, status: number, message: string, code: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
