import type { ProviderName } from '../domain/provider';
import { altostrat } from './altostrat';
import { blaxel } from './blaxel';
import { dreadnode } from './dreadnode';
import { flashback } from './flashback';
import type { ProviderModule } from './shared/provider-module';
import { vertra } from './vertra';

/** Every provider, by name. Adding one is a folder and a line here. */
export const PROVIDERS: Record<ProviderName, ProviderModule> = { blaxel, dreadnode, flashback, vertra, altostrat };

export type { ProviderModule } from './shared/provider-module';
export type { ProviderSettings } from './shared/provider-settings';
