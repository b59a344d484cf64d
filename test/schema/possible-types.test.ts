import { buildSchema, isAbstractType, type GraphQLSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import generated from '../../operations/generated/possible-types';

/**
 * operations/generated/possible-types.ts (npm run codegen, fragment-matcher plugin) is what
 * clients give Apollo Client's cache (`new InMemoryCache({ possibleTypes })`) so that
 * `... on Error { message }` matches WorkspaceNotFoundError & co. A member added to
 * schema.graphql and missing there would silently lose its `message` in clients: fail instead.
 */
const sdl = readFileSync(resolve(__dirname, '..', '..', 'schema.graphql'), 'utf8');
// schema.graphql is the subgraph's full SDL: it defines the federation directives it uses, so
// plain buildSchema reads it.
const schema: GraphQLSchema = buildSchema(sdl);
const { possibleTypes } = generated;

/** Members of a union, or implementations of an interface, in schema.graphql. */
function membersInSchema(name: string): string[] {
  const type = schema.getType(name);
  if (!type || !isAbstractType(type)) throw new Error(`${name} is not a union or interface in schema.graphql`);
  return schema
    .getPossibleTypes(type)
    .map((t) => t.name)
    .sort();
}

describe('operations/generated/possible-types.ts', () => {
  it.each(['UpdateWorkspaceResult', 'Error', 'WorkspaceDetails'])(
    'lists every possible type of %s that schema.graphql has',
    (name) => {
      const members = membersInSchema(name);
      expect(members.length).toBeGreaterThan(1);
      expect([...(possibleTypes[name] ?? [])].sort()).toEqual(members);
    },
  );

  it('covers every union and interface a client can select (not the subgraph-only _Entity)', () => {
    const abstractTypes = Object.values(schema.getTypeMap())
      .filter((t) => isAbstractType(t) && !t.name.startsWith('_'))
      .map((t) => t.name)
      .sort();
    expect(Object.keys(possibleTypes).sort()).toEqual(abstractTypes);
    expect(possibleTypes).not.toHaveProperty('_Entity');
  });

  it('lists every error member of UpdateWorkspaceResult under Error, for `... on Error { message }`', () => {
    const errorMembers = membersInSchema('UpdateWorkspaceResult').filter((n) => n !== 'UpdateWorkspaceSuccess');
    expect(possibleTypes['Error']).toEqual(expect.arrayContaining(errorMembers));
  });
});
