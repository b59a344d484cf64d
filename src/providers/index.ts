import { altostrat } from './altostrat';
import { blaxel } from './blaxel';
import { dreadnode } from './dreadnode';
import { flashback } from './flashback';
import type { ProviderName } from '../registry';
import type { ProviderModule } from './shared/provider-module';
import { terraform } from './terraform';
import { vertra } from './vertra';

/**
 * Every provider's implementation, by name. The names come from the registry of facts
 * (./registry.ts): a provider listed there and missing here (or the reverse) does not compile.
 */
export const PROVIDERS = { blaxel, dreadnode, flashback, vertra, altostrat, terraform } satisfies Record<
  ProviderName,
  ProviderModule
>;

export type { ProviderModule } from './shared/provider-module';
export type { ProviderSettings } from './shared/provider-settings';
