// Dreadnode's workspace record as the provider's public document shows it on the wire (summed up in
// src/providers/dreadnode/CONTRACT.md), written from that document, not from the client's schema.
import type { Stored } from '../twin';

export interface DreadnodeWorkspace {
  created_at: string;
  created_by: string;
  description: string | null;
  id: string;
  is_active: boolean;
  is_default: boolean;
  key: string;
  name: string;
  org_id: string;
  org_name: string;
  project_count: number;
  updated_at: string;
}

/** Dreadnode's path carries the organisation's slug, which the record does not. */
export interface StoredDreadnode extends Stored<DreadnodeWorkspace> {
  org: string;
}
