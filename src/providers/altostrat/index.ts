import { providerModule } from '../shared/provider-module';
import { altostratContract } from './contract';

export const altostrat = providerModule(altostratContract);
