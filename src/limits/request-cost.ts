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
export const ROOT_FIELD_COSTS: Readonly<Record<string, RootFieldCost>> = {
  updateWorkspace: { kind: 'writes', readFirstIf: { argument: 'input', field: 'expectedRevision' } },
  updateWorkspaces: {
    kind: 'writes',
    perItemOf: 'inputs',
    max: MAX_BULK_UPDATES,
    readFirstIf: { argument: 'inputs', field: 'expectedRevision' },
  },
  workspace: { kind: 'reads' },
  planWorkspaceUpdates: { kind: 'reads', perItemOf: 'inputs', max: MAX_BULK_UPDATES },
  _entities: { kind: 'reads', perItemOf: 'representations' },
};

interface RootFieldCost {
  kind: CostKind;
  /** The list argument the field makes one call per item of. */
  perItemOf?: string;
  /** The list's cap: over it, the field is refused before any call. */
  max?: number;
  /** An input (or each input of a list) with this field set is read first: one read more (an update's expected revision). */
  readFirstIf?: { argument: string; field: string };
}

/** One operation of an HTTP request, as the client sent it. */
export interface OperationRequest {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

const NO_COST: RequestCost = Object.freeze({ writes: 0, reads: 0 });

/** One root field that calls a provider: what it costs, and the list argument it costs per item of. */
interface CostedField {
  kind: CostKind;
  perItemOf?: ValueNode | undefined;
  max?: number | undefined;
  /** The argument whose inputs setting `field` are read first, one read each. */
  readFirstIf?: { value: ValueNode; field: string } | undefined;
}

/** A parsed document's costed root fields, per operation name ('' for an anonymous one). */
interface CostPlans {
  byName: Map<string, CostedField[]>;
  /** The document's one operation, when it has exactly one. */
  only: CostedField[] | undefined;
}

/**
 * Estimates a request's upstream calls from its documents and variables, before anything runs.
 * A document seen before (a bounded map, like Apollo Server's own document store) is not parsed
 * again: its costed root fields are kept, and only its variables are read per request.
 */
export class CostEstimator {
  private readonly documents = new Map<string, CostPlans | null>();

  constructor(
    private readonly maxTokens: number,
    private readonly maxDocuments = 1_000,
  ) {}

  /** The cost of one operation; zero when it has no query text (a persisted query's hash) or does not parse. */
  estimate(request: OperationRequest): RequestCost {
    if (typeof request.query !== 'string') return NO_COST;
    const plans = this.plansOf(request.query);
    if (!plans) return NO_COST;
    const fields = typeof request.operationName === 'string' ? plans.byName.get(request.operationName) : plans.only;
    if (!fields || fields.length === 0) return NO_COST;
    const variables =
      request.variables && typeof request.variables === 'object' ? (request.variables as Record<string, unknown>) : {};
    const cost = { writes: 0, reads: 0 };
    for (const { kind, perItemOf, max, readFirstIf } of fields) {
      const calls = perItemOf === undefined ? 1 : itemCount(perItemOf, variables);
      if (max !== undefined && calls > max) continue;
      cost[kind] += calls;
      if (readFirstIf) cost.reads += inputsSetting(readFirstIf.value, readFirstIf.field, variables);
    }
    return cost;
  }

  private plansOf(query: string): CostPlans | null {
    const known = this.documents.get(query);
    if (known !== undefined) return known;
    let plans: CostPlans | null;
    try {
      plans = plan(parse(query, { noLocation: true, maxTokens: this.maxTokens }));
    } catch {
      // Apollo Server reports the syntax error; an unparseable operation runs nothing.
      plans = null;
    }
    if (this.documents.size >= this.maxDocuments) {
      const oldest = this.documents.keys().next().value;
      if (oldest !== undefined) this.documents.delete(oldest);
    }
    this.documents.set(query, plans);
    return plans;
  }
}

function plan(document: DocumentNode): CostPlans {
  const fragments = fragmentsOf(document);
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const byName = new Map<string, CostedField[]>();
  for (const operation of operations) byName.set(operation.name?.value ?? '', costedFields(operation, fragments));
  const first = operations[0];
  return { byName, only: operations.length === 1 && first ? byName.get(first.name?.value ?? '') : undefined };
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * The root fields an operation runs that call providers, by response key: fields with the same
 * key (through fragments too) are merged by GraphQL and run once; every alias runs on its own.
 * @skip and @include are not read: the estimate is an upper bound.
 */
function costedFields(
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
): CostedField[] {
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
  const costed: CostedField[] = [];
  for (const field of fields.values()) {
    const rule = ROOT_FIELD_COSTS[field.name.value];
    if (!rule) continue;
    const perItemOf = rule.perItemOf === undefined ? undefined : (argument(field, rule.perItemOf) ?? NULL_VALUE);
    const readFirstIf = rule.readFirstIf && {
      value: argument(field, rule.readFirstIf.argument) ?? NULL_VALUE,
      field: rule.readFirstIf.field,
    };
    costed.push({ kind: rule.kind, perItemOf, max: rule.max, readFirstIf });
  }
  return costed;
}

/** A list argument left out: it holds no items. */
const NULL_VALUE: ValueNode = { kind: Kind.NULL };

function argument(field: FieldNode, name: string): ValueNode | undefined {
  return field.arguments?.find((arg) => arg.name.value === name)?.value;
}

/** How many items a list argument holds once its variables are read (a single value counts as a list of one). */
function itemCount(value: ValueNode, variables: Record<string, unknown>): number {
  if (value.kind === Kind.NULL) return 0;
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.VARIABLE) {
    const given = variables[value.name.value];
    if (given === undefined || given === null) return 0;
    return Array.isArray(given) ? given.length : 1;
  }
  return 1;
}

/**
 * How many of the inputs in `value` (one input object, or a list of them; literals or variables)
 * set `field` to something other than null. A field given by a variable counts when the variable
 * holds a value.
 */
function inputsSetting(value: ValueNode, field: string, variables: Record<string, unknown>): number {
  const sets = (input: unknown): boolean =>
    input !== null && typeof input === 'object' && (input as Record<string, unknown>)[field] != null;
  switch (value.kind) {
    case Kind.LIST:
      return value.values.reduce((sum, item) => sum + inputsSetting(item, field, variables), 0);
    case Kind.OBJECT: {
      const given = value.fields.find((f) => f.name.value === field)?.value;
      if (!given || given.kind === Kind.NULL) return 0;
      return given.kind === Kind.VARIABLE ? (variables[given.name.value] != null ? 1 : 0) : 1;
    }
    case Kind.VARIABLE: {
      const given = variables[value.name.value];
      return Array.isArray(given) ? given.filter(sets).length : sets(given) ? 1 : 0;
    }
    default:
      return 0;
  }
}

/** The sum of the operations' costs. */
export function addCosts(costs: readonly RequestCost[]): RequestCost {
  return costs.reduce((sum, cost) => ({ writes: sum.writes + cost.writes, reads: sum.reads + cost.reads }), {
    writes: 0,
    reads: 0,
  });
}
