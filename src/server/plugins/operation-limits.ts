import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ValidationRule } from 'graphql';

/**
 * Limits on hostile operations (graphql-armor), set looser than a router's so that the
 * `_entities` operations a router generates always pass: the deepest legitimate selection here
 * is about 6 levels, a router's query plans add one or two.
 */
export const OPERATION_LIMITS = {
  maxDepth: 15,
  maxAliases: 50,
  maxTokens: 10_000,
  maxDirectives: 50,
  maxCost: 50_000,
} as const;

export function operationLimits(production: boolean): {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
} {
  const armor = new ApolloArmor({
    maxDepth: { n: OPERATION_LIMITS.maxDepth },
    // armor skips aliases of the fields named in allowList, ['__typename'] by default, so
    // `{ a0: __typename a1: __typename … }` was bounded only by maxTokens. An empty list counts
    // every alias, in fragments and nested selections too (__schema/__type were already counted).
    maxAliases: { n: OPERATION_LIMITS.maxAliases, allowList: [] },
    // graphql's own parser stops at maxTokens and reports a syntax error (400); armor's token
    // plugin re-parses in a hook, where any syntax error becomes a 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: OPERATION_LIMITS.maxDirectives },
    costLimit: { maxCost: OPERATION_LIMITS.maxCost },
    // "Did you mean …?" helps in development and maps the schema for an attacker in production.
    blockFieldSuggestion: { enabled: production },
  });
  // Only the plugins and rules: armor's other settings would also turn off batched requests,
  // which a router may send.
  const { plugins, validationRules } = armor.protect();
  return { plugins, validationRules, parseOptions: { maxTokens: OPERATION_LIMITS.maxTokens } };
}
