import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Everything the contract declares that the schema lacks or types differently: each type with
 * the same kind, each field and argument with the same type and nullability, each enum value,
 * union member and implemented interface. Additions in the schema are allowed.
 */
export function contractViolations(contract: GraphQLSchema, schema: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const expected of Object.values(contract.getTypeMap())) {
    if (expected.name.startsWith('__')) continue;
    const actual = schema.getType(expected.name);
    if (!actual) {
      problems.push(`missing type ${expected.name}`);
      continue;
    }
    if (kindOf(actual) !== kindOf(expected)) {
      problems.push(`${expected.name} is a ${kindOf(actual)}, the contract says ${kindOf(expected)}`);
      continue;
    }
    problems.push(...memberViolations(expected, actual));
  }
  return problems;
}

function memberViolations(expected: GraphQLNamedType, actual: GraphQLNamedType): string[] {
  const problems: string[] = [];
  if ((isObjectType(expected) || isInterfaceType(expected)) && (isObjectType(actual) || isInterfaceType(actual))) {
    const actualFields = actual.getFields();
    for (const field of Object.values(expected.getFields())) {
      const got = actualFields[field.name];
      if (!got) {
        problems.push(`missing field ${expected.name}.${field.name}`);
        continue;
      }
      if (String(got.type) !== String(field.type)) {
        problems.push(`${expected.name}.${field.name} is ${String(got.type)}, the contract says ${String(field.type)}`);
      }
      for (const arg of field.args) {
        const gotArg = got.args.find((a) => a.name === arg.name);
        if (String(gotArg?.type) !== String(arg.type)) {
          problems.push(
            `${expected.name}.${field.name}(${arg.name}) is ${String(gotArg?.type)}, the contract says ${String(arg.type)}`,
          );
        }
      }
    }
    const interfaces = new Set(actual.getInterfaces().map((i) => i.name));
    for (const iface of expected.getInterfaces()) {
      if (!interfaces.has(iface.name)) problems.push(`${expected.name} does not implement ${iface.name}`);
    }
  }
  if (isInputObjectType(expected) && isInputObjectType(actual)) {
    const actualFields = actual.getFields();
    for (const field of Object.values(expected.getFields())) {
      const got = actualFields[field.name];
      if (String(got?.type) !== String(field.type)) {
        problems.push(
          `input ${expected.name}.${field.name} is ${String(got?.type)}, the contract says ${String(field.type)}`,
        );
      }
    }
  }
  if (isEnumType(expected) && isEnumType(actual)) {
    const values = new Set(actual.getValues().map((v) => v.name));
    for (const value of expected.getValues()) {
      if (!values.has(value.name)) problems.push(`enum ${expected.name} lacks ${value.name}`);
    }
  }
  if (isUnionType(expected) && isUnionType(actual)) {
    const members = new Set(actual.getTypes().map((t) => t.name));
    for (const member of expected.getTypes()) {
      if (!members.has(member.name)) problems.push(`union ${expected.name} lacks ${member.name}`);
    }
  }
  return problems;
}

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'object type';
  if (isInterfaceType(type)) return 'interface';
  if (isUnionType(type)) return 'union';
  if (isEnumType(type)) return 'enum';
  if (isInputObjectType(type)) return 'input type';
  return 'scalar';
}
