import { providerModule } from '../shared/provider-module';
import { blaxelContract } from './contract';
import { blaxelGraphQL } from './details';
import { blaxelFacts } from './facts';

export const blaxel = providerModule(blaxelFacts, blaxelContract, blaxelGraphQL);
