import { buildASTSchema, parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { subgraphSdl } from '../../src/server/schema/subgraph-sdl';
import { contractViolations } from './contract-diff';

const root = resolve(__dirname, '..', '..');
const committedSdl = readFileSync(resolve(root, 'schema.graphql'), 'utf8');
// The repository's copy of the public schema contract (kept byte for byte), so the product builds and
// tests on its own.
const contractSdl = readFileSync(resolve(__dirname, '..', 'fixtures', 'schema-contract.graphql'), 'utf8');
const asSchema = (sdl: string) => buildASTSchema(parse(sdl), { assumeValidSDL: true });

describe('schema.graphql', () => {
  it('is exactly what `_service { sdl }` returns (run `npm run schema` when this fails)', async () => {
    expect(committedSdl).toBe(await subgraphSdl());
  });

  it('holds every type, field, argument, enum value and union member of the public contract', () => {
    expect(contractViolations(asSchema(contractSdl), asSchema(committedSdl))).toEqual([]);
  });

  it('links Federation 2 and keys Workspace on id', () => {
    expect(committedSdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    expect(committedSdl).toMatch(/type Workspace\s+@key\(fields: "id"\)/);
  });

  it('names every error type with the Workspace prefix and implements Error', () => {
    const schema = asSchema(committedSdl);
    const union = schema.getType('UpdateWorkspaceResult');
    const members = union && 'getTypes' in union ? union.getTypes() : [];
    const errors = members.filter((t) => t.name !== 'UpdateWorkspaceSuccess');
    expect(errors).toHaveLength(7);
    for (const type of errors) {
      expect(type.name).toMatch(/^Workspace\w+Error$/);
      expect(type.getInterfaces().map((i) => i.name)).toEqual(['Error']);
    }
  });
});

describe('contract check', () => {
  it('reports a missing field, a changed nullability and a missing union member', () => {
    const contract = asSchema('type Query { a: String! b: Int } union U = X | Y type X { x: Int } type Y { y: Int }');
    const schema = asSchema('type Query { a: String } union U = X type X { x: Int } type Y { y: Int }');
    expect(contractViolations(contract, schema)).toEqual([
      'Query.a is String, the contract says String!',
      'missing field Query.b',
      'union U lacks Y',
    ]);
  });
});
