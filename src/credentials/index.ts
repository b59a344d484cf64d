// Provider credentials: whose token each provider call carries (service, tenant or caller).
export {
  CREDENTIAL_MODES,
  callerTokenHeader,
  credentialFor,
  type CredentialLookup,
  type CredentialMode,
  type CredentialPolicy,
  type CredentialRequest,
} from './provider-credentials';
export {
  readTenantFile,
  TenantCredentials,
  TenantTable,
  type ReloadResult,
  type TenantFile,
  type TenantFileRules,
} from './tenant-credentials';
export { credentialKeyer } from './credential-key';
