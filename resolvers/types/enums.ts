import { registerEnumType } from 'type-graphql';

/** GraphQL names in upper case; internal values are the domain's provider names. */
export enum WorkspaceProvider {
  BLAXEL = 'blaxel',
  DREADNODE = 'dreadnode',
  FLASHBACK = 'flashback',
  VERTRA = 'vertra',
  ALTOSTRAT = 'altostrat',
}
registerEnumType(WorkspaceProvider, {
  name: 'WorkspaceProvider',
  description: 'The SaaS provider that hosts a workspace.',
});

export enum BlaxelWorkspaceStatus {
  CREATED = 'CREATED',
  ACCOUNT_BINDED = 'ACCOUNT_BINDED',
  ACCOUNT_CONFIGURED = 'ACCOUNT_CONFIGURED',
  WORKSPACE_CONFIGURED = 'WORKSPACE_CONFIGURED',
  READY = 'READY',
  ERROR = 'ERROR',
}
registerEnumType(BlaxelWorkspaceStatus, { name: 'BlaxelWorkspaceStatus', description: "Blaxel's workspace status." });

export enum AltostratBillingMode {
  SINGLE = 'SINGLE',
  ASSIGNED = 'ASSIGNED',
  POOLED = 'POOLED',
}
registerEnumType(AltostratBillingMode, { name: 'AltostratBillingMode', description: "Altostrat's billing mode." });

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
