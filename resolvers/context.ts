/** What every resolver gets, built per GraphQL request by the server. */
export type { GraphQLContext } from '../src/server/request/request-context';
