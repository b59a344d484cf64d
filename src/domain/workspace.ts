import type { DetailsOf, RegisteredFacts } from '../registry';
import type { ProviderName } from './provider';

/** One workspace in the provider-neutral shape the graph exposes. */
export interface Workspace {
  /** Global id: `<provider>:<reference>`. */
  id: string;
  provider: ProviderName;
  providerId: string;
  name: string;
  displayName: string | null;
  description: string | null;
  createdAt: Date | null;
  updatedAt: Date | null;
  details: WorkspaceDetails;
}

/** What only the workspace's provider has: each provider's details type, from the registry. */
export type WorkspaceDetails = DetailsOf<RegisteredFacts>;
