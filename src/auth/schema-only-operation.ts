import { Kind, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/** What routers and composition tools may ask without a token: the SDL, and `__typename`. */
const OPEN_ROOT_FIELDS = new Set(['_service', '__typename']);

/**
 * True when a query selects nothing at its root but `_service` and `__typename` (through
 * fragments too): the one operation answered without authentication.
 */
export function isSchemaOnlyOperation(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
): boolean {
  if (operation.operation !== 'query') return false;
  const visited = new Set<string>();
  const onlyOpenFields = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.every((selection) => {
      if (selection.kind === Kind.FIELD) return OPEN_ROOT_FIELDS.has(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return onlyOpenFields(selection.selectionSet);
      const name = selection.name.value;
      if (visited.has(name)) return true;
      visited.add(name);
      const fragment = fragments[name];
      return fragment !== undefined && onlyOpenFields(fragment.selectionSet);
    });
  return onlyOpenFields(operation.selectionSet);
}
