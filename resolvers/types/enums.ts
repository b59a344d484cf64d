import { registerEnumType } from 'type-graphql';
import { PROVIDER_ENUM } from '../../src/registry';

/** GraphQL names in upper case (`VERTRA`); internal values are the registry's provider names. */
export const WorkspaceProvider = PROVIDER_ENUM;
registerEnumType(WorkspaceProvider, {
  name: 'WorkspaceProvider',
  description: 'The SaaS provider that hosts a workspace.',
});

export enum WorkspaceFieldErrorCode {
  REQUIRED = 'REQUIRED',
  INVALID = 'INVALID',
  TOO_LONG = 'TOO_LONG',
  UNSUPPORTED_FIELD = 'UNSUPPORTED_FIELD',
}
registerEnumType(WorkspaceFieldErrorCode, {
  name: 'WorkspaceFieldErrorCode',
  valuesConfig: {
    REQUIRED: { description: 'Something must be set here.' },
    INVALID: { description: 'The value is not acceptable (format, null, or refused by the provider).' },
    TOO_LONG: { description: "The value exceeds the provider's documented length limit." },
    UNSUPPORTED_FIELD: { description: "The workspace's provider has no such field." },
  },
});
