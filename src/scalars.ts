// The graph's scalars: they depend on graphql alone, so a provider's details type and the resolvers
// both use them without reaching into each other.
import { GraphQLScalarType } from 'graphql';
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';

/** graphql-scalars' DateTime (RFC 3339), serialised as ISO-8601 UTC with milliseconds. */
export const DateTimeScalar = new GraphQLScalarType({
  ...GraphQLDateTime.toConfig(),
  description: 'An ISO-8601 date-time in UTC, e.g. 2026-04-15T12:00:00.000Z.',
  serialize: (value) => {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError('DateTime cannot represent an invalid date');
    return date.toISOString();
  },
});

/** graphql-scalars' JSON: any JSON value, in a plan's field changes and provider request. */
export const JSONScalar = new GraphQLScalarType({
  ...GraphQLJSON.toConfig(),
  description: 'Any JSON value.',
});
