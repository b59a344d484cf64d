import { Kind, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * What routers and composition tools may ask without a token: the SDL (`_service { sdl }`), and
 * `__typename`, each once and under its own name, at the root and inside `_service`.
 */
const OPEN_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  root: new Set(['_service', '__typename']),
  _service: new Set(['sdl', '__typename']),
};

/**
 * True when a query selects nothing but `_service { sdl }` and `__typename`, each at most once and
 * unaliased (through fragments too): the one operation answered without authentication. Aliases
 * would let one anonymous request ask for the SDL many times over (50 aliases: 575 KB).
 */
export function isSchemaOnlyOperation(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
): boolean {
  if (operation.operation !== 'query') return false;
  const onlyOpenFields = (
    selectionSet: SelectionSetNode,
    level: string,
    seen: Set<string>,
    visited: Set<string>,
  ): boolean =>
    selectionSet.selections.every((selection) => {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (selection.alias || seen.has(name) || !OPEN_FIELDS[level]?.has(name)) return false;
        seen.add(name);
        if (!selection.selectionSet) return true;
        return name === '_service' && onlyOpenFields(selection.selectionSet, name, new Set(), new Set());
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) return onlyOpenFields(selection.selectionSet, level, seen, visited);
      const name = selection.name.value;
      if (visited.has(name)) return false;
      visited.add(name);
      const fragment = fragments[name];
      return fragment !== undefined && onlyOpenFields(fragment.selectionSet, level, seen, visited);
    });
  return onlyOpenFields(operation.selectionSet, 'root', new Set(), new Set());
}
