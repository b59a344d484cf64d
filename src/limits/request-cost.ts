import {
  Kind,
  parse,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { MAX_BULK_UPDATES } from '../domain/bulk-update';

/** What one request may cost upstream: writes (updates sent) and reads (GETs). */
export interface RequestCost {
  writes: number;
  reads: number;
}

export type CostKind = keyof RequestCost;

/**
 * The root fields that call a provider, and how many calls each makes. A field that takes a list
 * costs one call per item; over its own cap (`max`) it is refused as BAD_USER_INPUT before any
 * call, so it costs nothing here ("a field's own cap comes first"). The schema declares the same
 * with @cost / @listSize for a router's demand control (resolvers/cost.ts).
 */
export const ROOT_FIELD_COSTS: Readonly<Record<string, { kind: CostKind; perItemOf?: string; max?: number }>> = {
  updateWorkspace: { kind: 'writes' },
  updateWorkspaces: { kind: 'writes', perItemOf: 'inputs', max: MAX_BULK_UPDATES },
  workspace: { kind: 'reads' },
  _entities: { kind: 'reads', perItemOf: 'representations' },
};

/** One operation of an HTTP request, as the client sent it. */
export interface OperationRequest {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

const NO_COST: RequestCost = Object.freeze({ writes: 0, reads: 0 });

/**
 * Estimates a request's upstream calls from its documents and variables, before anything runs.
 * Parsed documents are kept (a bounded map, like Apollo Server's own document store), so the
 * estimate of an operation seen before is a walk over its root selection only.
 */
export class CostEstimator {
  private readonly documents = new Map<string, DocumentNode | null>();

  constructor(
    private readonly maxTokens: number,
    private readonly maxDocuments = 1_000,
  ) {}

  /** The cost of one operation; zero when it has no query text (a persisted query's hash) or does not parse. */
  estimate(request: OperationRequest): RequestCost {
    if (typeof request.query !== 'string') return NO_COST;
    const document = this.parsed(request.query);
    if (!document) return NO_COST;
    const operation = operationOf(document, request.operationName);
    if (!operation) return NO_COST;
    const variables =
      request.variables && typeof request.variables === 'object' ? (request.variables as Record<string, unknown>) : {};
    return costOf(operation, fragmentsOf(document), variables);
  }

  private parsed(query: string): DocumentNode | null {
    const known = this.documents.get(query);
    if (known !== undefined) return known;
    let document: DocumentNode | null;
    try {
      document = parse(query, { noLocation: true, maxTokens: this.maxTokens });
    } catch {
      // Apollo Server reports the syntax error; an unparseable operation runs nothing.
      document = null;
    }
    if (this.documents.size >= this.maxDocuments) {
      const oldest = this.documents.keys().next().value;
      if (oldest !== undefined) this.documents.delete(oldest);
    }
    this.documents.set(query, document);
    return document;
  }
}

function operationOf(document: DocumentNode, operationName: unknown): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (typeof operationName === 'string') return operations.find((op) => op.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * The root fields an operation runs, by response key: fields with the same key (through
 * fragments too) are merged by GraphQL and run once; every alias runs on its own. @skip and
 * @include are not read: the estimate is an upper bound.
 */
function costOf(
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): RequestCost {
  const fields = new Map<string, FieldNode>();
  const visited = new Set<string>();
  const collect = (selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (!fields.has(key)) fields.set(key, selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet);
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  const cost = { writes: 0, reads: 0 };
  for (const field of fields.values()) {
    const rule = ROOT_FIELD_COSTS[field.name.value];
    if (!rule) continue;
    const calls = rule.perItemOf === undefined ? 1 : itemCount(argument(field, rule.perItemOf), variables);
    cost[rule.kind] += rule.max !== undefined && calls > rule.max ? 0 : calls;
  }
  return cost;
}

function argument(field: FieldNode, name: string): ValueNode | undefined {
  return field.arguments?.find((arg) => arg.name.value === name)?.value;
}

/** How many items a list argument holds once its variables are read (a single value counts as a list of one). */
function itemCount(value: ValueNode | undefined, variables: Record<string, unknown>): number {
  if (!value || value.kind === Kind.NULL) return 0;
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.VARIABLE) {
    const given = variables[value.name.value];
    if (given === undefined || given === null) return 0;
    return Array.isArray(given) ? given.length : 1;
  }
  return 1;
}

/** The sum of the operations' costs. */
export function addCosts(costs: readonly RequestCost[]): RequestCost {
  return costs.reduce((sum, cost) => ({ writes: sum.writes + cost.writes, reads: sum.reads + cost.reads }), {
    writes: 0,
    reads: 0,
  });
}
