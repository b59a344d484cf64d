import { providerModule } from '../shared/provider-module';
import { altostratContract } from './contract';
import { altostratGraphQL } from './details';
import { altostratFacts } from './facts';

export const altostrat = providerModule(altostratFacts, altostratContract, altostratGraphQL);
