import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import { referenceResolvers, resolvers, workspaceDetailsResolvers } from '../../../resolvers';
import { DateTimeScalar } from '../../scalars';

/** The Federation 2 link: which spec version, and the directives this subgraph uses. */
const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@requiresScopes", "@cost", "@listSize"])';

/**
 * Builds the subgraph schema: type-graphql classes -> SDL with directives (graphql's own
 * printSchema would drop @key) -> @apollo/subgraph, which adds `_service` and `_entities`.
 * Done once at start-up.
 */
export async function buildWorkspaceSchema(): Promise<GraphQLSchema> {
  const codeFirst = await buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
  });
  const resolverMap = createResolversMap(codeFirst);
  return buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(codeFirst)}`),
    // createResolversMap's typing is looser than @apollo/subgraph's; the shapes match at run time.
    resolvers: {
      ...resolverMap,
      ...workspaceDetailsResolvers,
      Workspace: { ...resolverMap['Workspace'], ...referenceResolvers.Workspace },
    } as never,
  });
}
