// The six emulated providers and where each is mounted. The prefixes include each
// provider's version segment, like the real base URLs (https://api.blaxel.ai/v0, ...,
// https://app.terraform.io/api/v2).
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

/** Fresh state per call: each emulator instance owns its data. */
export function createProviderApis(): Record<EmulatedProvider, EmulatedApi> {
  return {
    blaxel: createBlaxelApi(),
    dreadnode: createDreadnodeApi(),
    flashback: createFlashbackApi(),
    vertra: createVertraApi(),
    altostrat: createAltostratApi(),
    terraform: createTerraformApi(),
  };
}
