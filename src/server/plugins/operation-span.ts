import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { SpanKind, SpanStatusCode, trace, type Attributes, type Context } from '@opentelemetry/api';
import { TokenKind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { tracingConfigured } from '../../telemetry/register';
import type { GraphQLContext } from '../request/request-context';

const tracer = trace.getTracer('workspace-subgraph');

/** A traced operation's listener: its span lives in the hooks' closure, nothing else per request. */
const TRACED: GraphQLRequestListener<GraphQLContext> = {
  async executionDidStart({ operation, document, contextValue }) {
    const type = operation.operation;
    const name = operation.name ? `${type} ${operation.name.value}` : type;
    const span = tracer.startSpan(
      name,
      { kind: SpanKind.INTERNAL, attributes: operationAttributes(operation, document) },
      contextValue.trace as Context,
    );
    return {
      async executionDidEnd(error) {
        if (error) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      },
    };
  },
};
/** What `requestDidStart` answers: one promise each, shared by every request. */
const [TRACED_OPERATION, UNTRACED] = [Promise.resolve(TRACED), Promise.resolve(undefined)];

/**
 * The plugins tracing adds (none when it is off): a span per GraphQL operation of a sampled
 * request, as the semantic conventions for GraphQL name it (`query Read`: `graphql.operation.type`,
 * `graphql.operation.name`, and `graphql.source`, the document with every literal as `*`;
 * variables are never recorded), from the start of its execution to its end, under the request's
 * SERVER span (src/telemetry/server-spans.ts). An unsampled request costs one look at its context.
 */
export function tracingPlugins(): ApolloServerPlugin<GraphQLContext>[] {
  if (!tracingConfigured) return [];
  return [{ requestDidStart: ({ contextValue }) => (contextValue.trace === undefined ? UNTRACED : TRACED_OPERATION) }];
}

function operationAttributes(operation: OperationDefinitionNode, document: DocumentNode): Attributes {
  const attributes: Attributes = { 'graphql.operation.type': operation.operation };
  if (operation.name) attributes['graphql.operation.name'] = operation.name.value;
  const source = maskedSource(document);
  if (source !== undefined) attributes['graphql.source'] = source;
  return attributes;
}

/** What a literal is recorded as: an argument's value is the caller's, never the span's. */
const MASKED: Partial<Record<TokenKind, string>> = {
  [TokenKind.INT]: '*',
  [TokenKind.FLOAT]: '*',
  [TokenKind.STRING]: '"*"',
  [TokenKind.BLOCK_STRING]: '"*"',
};

/** Apollo keeps each parsed document (its document store): its masked source is built once. */
const maskedSources = new WeakMap<DocumentNode, string>();

/**
 * The document as sent, from its tokens (Apollo parses with locations): every literal as `*`,
 * comments left out, the layout kept.
 */
function maskedSource(document: DocumentNode): string | undefined {
  const loc = document.loc;
  if (!loc) return undefined;
  const known = maskedSources.get(document);
  if (known !== undefined) return known;
  const body = loc.source.body;
  let source = '';
  let end = 0;
  for (let token = loc.startToken.next; token && token.kind !== TokenKind.EOF; token = token.next) {
    source += body.slice(end, token.start);
    end = token.end;
    if (token.kind !== TokenKind.COMMENT) source += MASKED[token.kind] ?? body.slice(token.start, token.end);
  }
  maskedSources.set(document, source);
  return source;
}
