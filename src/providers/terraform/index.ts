import { providerModule } from '../shared/provider-module';
import { terraformContract } from './contract';
import { terraformGraphQL } from './details';
import { terraformFacts } from './facts';

export const terraform = providerModule(terraformFacts, terraformContract, terraformGraphQL);
