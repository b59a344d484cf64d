import { providerModule } from '../shared/provider-module';
import { flashbackContract } from './contract';
import { flashbackGraphQL } from './details';
import { flashbackFacts } from './facts';

export const flashback = providerModule(flashbackFacts, flashbackContract, flashbackGraphQL);
