import { providerModule } from '../shared/provider-module';
import { flashbackContract } from './contract';

export const flashback = providerModule(flashbackContract);
