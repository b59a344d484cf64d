import { providerModule } from '../shared/provider-module';
import { dreadnodeContract } from './contract';
import { dreadnodeGraphQL } from './details';
import { dreadnodeFacts } from './facts';

export const dreadnode = providerModule(dreadnodeFacts, dreadnodeContract, dreadnodeGraphQL);
