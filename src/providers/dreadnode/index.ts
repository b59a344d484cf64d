import { providerModule } from '../shared/provider-module';
import { dreadnodeContract } from './contract';

export const dreadnode = providerModule(dreadnodeContract);
