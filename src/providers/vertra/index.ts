import { providerModule } from '../shared/provider-module';
import { vertraContract } from './contract';

export const vertra = providerModule(vertraContract);
