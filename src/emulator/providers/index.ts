// The six emulated providers and where each is mounted. The prefixes include each
// provider's version segment, like the real base URLs (https://api.blaxel.ai/v0, ...,
// https://app.terraform.io/api/v2).
import { SEEDS_WITH_EXTRAS } from '../seeds';
import type { EmulatedProvider } from '../types';
import { createAltostratApi } from './altostrat';
import type { EmulatedApi } from './api';
import { createBlaxelApi } from './blaxel';
import { createDreadnodeApi } from './dreadnode';
import { createFlashbackApi } from './flashback';
import { createTerraformApi } from './terraform';
import { createVertraApi } from './vertra';

export const PROVIDER_PREFIXES: Readonly<Record<EmulatedProvider, string>> = Object.freeze({
  blaxel: '/blaxel/v0',
  dreadnode: '/dreadnode/api/v1',
  flashback: '/flashback',
  vertra: '/vertra/v1',
  altostrat: '/altostrat',
  terraform: '/terraform/api/v2',
});

/**
 * Fresh state per call: each emulator instance owns its data. `extraWorkspaces` is read at every
 * (re)seed: how many writable workspaces each provider has beyond its fixed seeds.
 */
export function createProviderApis(extraWorkspaces: () => number = () => 0): Record<EmulatedProvider, EmulatedApi> {
  /** A provider's seed function: its fixed seeds plus the extra workspaces asked for at the time. */
  function seeds<T>(withExtras: (count: number) => T): () => T {
    return () => withExtras(extraWorkspaces());
  }
  return {
    blaxel: createBlaxelApi(seeds(SEEDS_WITH_EXTRAS.blaxel)),
    dreadnode: createDreadnodeApi(seeds(SEEDS_WITH_EXTRAS.dreadnode)),
    flashback: createFlashbackApi(seeds(SEEDS_WITH_EXTRAS.flashback)),
    vertra: createVertraApi(seeds(SEEDS_WITH_EXTRAS.vertra)),
    altostrat: createAltostratApi(seeds(SEEDS_WITH_EXTRAS.altostrat)),
    terraform: createTerraformApi(seeds(SEEDS_WITH_EXTRAS.terraform)),
  };
}
