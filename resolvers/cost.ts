import { Directive } from 'type-graphql';
import { ROOT_FIELD_COSTS } from '../src/limits';

/**
 * Federation's demand-control directives for a root field that calls providers, from the table
 * the subgraph's own estimate reads (src/limits/request-cost.ts): each call weighs 1, and a field
 * that takes a list is assumed at its cap. (@listSize's slicingArguments must be Int arguments,
 * so a router cannot read the list's real length: it assumes the worst, the subgraph counts it.)
 */
export function costDirectives(field: keyof typeof ROOT_FIELD_COSTS): string[] {
  const rule = ROOT_FIELD_COSTS[field];
  if (!rule) throw new Error(`no cost rule for ${field}`);
  const cost = '@cost(weight: 1)';
  return rule.max === undefined
    ? [cost]
    : [cost, `@listSize(assumedSize: ${rule.max}, requireOneSlicingArgument: false)`];
}

/** `@Cost('updateWorkspaces')` on a resolver method: its costDirectives. */
export function Cost(field: keyof typeof ROOT_FIELD_COSTS): MethodDecorator {
  const directives = costDirectives(field).map((sdl) => Directive(sdl));
  return (target, key, descriptor) => {
    for (const directive of directives) directive(target, key, descriptor);
  };
}
