import type {
  GatewayExecutionResult,
  GatewayGraphQLRequestContext,
  GatewayInterface,
} from '@apollo/server-gateway-interface';
import {
  execute,
  GraphQLError,
  printSchema,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

export interface CompiledExecutionOptions {
  /** Compiled operations kept (least recently used dropped first). Default 1,000, Apollo's document cache's order of size. */
  maxOperations?: number;
  /** Told once per operation that graphql-jit could not compile (it then runs on graphql-js). */
  onFallback?: (operationName: string | null, reason: string) => void;
}

/** An operation as compiled, or why it runs on graphql-js. */
type Compiled = { query: CompiledQuery } | { fallback: string };

/**
 * Apollo Server runs each operation with graphql-jit instead of graphql-js: an operation is
 * compiled into a JavaScript function the first time it is seen (per document and operation
 * name) and that function runs every later request. Apollo still parses, validates, runs every
 * plugin and formats the response: only `execute` changes, through its executor interface (the
 * one a gateway uses, hence the shape).
 *
 * graphql-js runs what graphql-jit cannot compile, and a request that asks for a federated trace
 * (`apollo-federation-include-trace: ftv1`): the trace times each field through Apollo's wrapped
 * resolvers, which a compiled operation may have captured before they were wrapped.
 */
export function compiledExecution(schema: GraphQLSchema, options: CompiledExecutionOptions = {}): GatewayInterface {
  const maxOperations = options.maxOperations ?? 1_000;
  const compiled = new Map<string, Compiled>();

  const compiledOf = (document: DocumentNode, key: string, operationName: string | null): Compiled => {
    const known = compiled.get(key);
    if (known) {
      // Most recently used last: a Map keeps insertion order.
      compiled.delete(key);
      compiled.set(key, known);
      return known;
    }
    let entry: Compiled;
    try {
      const query = compileQuery(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
      entry = isCompiledQuery(query)
        ? { query }
        : { fallback: query.errors?.map((e) => e.message).join('; ') ?? 'not compiled' };
    } catch (error) {
      entry = { fallback: error instanceof Error ? error.message : String(error) };
    }
    if ('fallback' in entry) options.onFallback?.(operationName, entry.fallback);
    if (compiled.size >= maxOperations) {
      const oldest = compiled.keys().next().value;
      if (oldest !== undefined) compiled.delete(oldest);
    }
    compiled.set(key, entry);
    return entry;
  };

  const executor = async (context: GatewayGraphQLRequestContext): Promise<GatewayExecutionResult> => {
    const { document, operationName, request } = context;
    const contextValue = context.context;
    const variables = request.variables ?? {};
    if (request.http?.headers.get('apollo-federation-include-trace') !== 'ftv1') {
      const entry = compiledOf(document, `${context.queryHash}:${operationName ?? ''}`, operationName);
      if ('query' in entry) return withGraphQLErrors(await entry.query.query(undefined, contextValue, variables));
    }
    return execute({ schema, document, contextValue, variableValues: variables, operationName });
  };

  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors as graphql-js's: its own error class has a read-only `message` (a plugin
 * that rewrites messages, graphql-armor's field-suggestion mask, throws on it) and no
 * `extensions` when the resolver's error had none (Apollo reads `extensions.code`).
 */
function withGraphQLErrors(
  result: ExecutionResult | Promise<ExecutionResult>,
): Promise<ExecutionResult> | ExecutionResult {
  const convert = (done: ExecutionResult): ExecutionResult =>
    done.errors ? { ...done, errors: done.errors.map(asGraphQLError) } : done;
  return result instanceof Promise ? result.then(convert) : convert(result);
}

function asGraphQLError(error: GraphQLError): GraphQLError {
  const original = error.originalError ?? undefined;
  const converted = new GraphQLError(error.message, {
    path: error.path,
    originalError: original,
    extensions: error.extensions ?? (original instanceof GraphQLError ? original.extensions : undefined),
  });
  if (error.locations) Object.assign(converted, { locations: error.locations });
  return converted;
}
