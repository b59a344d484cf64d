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

export type WorkspaceDetails = BlaxelDetails | DreadnodeDetails | FlashbackDetails | VertraDetails | AltostratDetails;

export type BlaxelStatus =
  'CREATED' | 'ACCOUNT_BINDED' | 'ACCOUNT_CONFIGURED' | 'WORKSPACE_CONFIGURED' | 'READY' | 'ERROR';

export interface BlaxelDetails {
  provider: 'blaxel';
  accountId: string | null;
  region: string | null;
  labels: { key: string; value: string }[];
  runtimeGeneration: string | null;
  groupMappings: { groupName: string; role: string }[];
  status: BlaxelStatus | null;
  statusReason: string | null;
  createdBy: string | null;
  updatedBy: string | null;
}

export interface DreadnodeDetails {
  provider: 'dreadnode';
  key: string;
  isActive: boolean;
  isDefault: boolean;
  organizationId: string;
  organizationName: string | null;
  projectCount: number | null;
  createdBy: string | null;
}

export interface FlashbackDetails {
  provider: 'flashback';
  organizationId: string;
}

export interface VertraDetails {
  provider: 'vertra';
  tags: string[];
  ownerId: string | null;
  members: { userId: string; role: string; joinedAt: Date | null }[];
}

export type AltostratBillingMode = 'SINGLE' | 'ASSIGNED' | 'POOLED';

export interface AltostratDetails {
  provider: 'altostrat';
  billingMode: AltostratBillingMode | null;
  pooledSeatLimit: number | null;
  archived: boolean;
  archivedAt: Date | null;
}
