/**
 * The providers, as the domain knows them: derived from the registry of provider facts
 * (src/registry/index.ts, pure data), never listed here.
 */
export { isProviderName, PROVIDER_LABELS, PROVIDER_NAMES, type ProviderName } from '../registry';
