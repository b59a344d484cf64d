import { providerModule } from '../shared/provider-module';
import { blaxelContract } from './contract';

export const blaxel = providerModule(blaxelContract);
