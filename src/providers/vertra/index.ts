import { providerModule } from '../shared/provider-module';
import { vertraContract } from './contract';
import { vertraGraphQL } from './details';
import { vertraFacts } from './facts';

export const vertra = providerModule(vertraFacts, vertraContract, vertraGraphQL);
