// Vertra's workspace record as the provider's public document shows it on the wire (summed up in
// src/providers/vertra/CONTRACT.md), written from that document, not from the client's schema.

export interface VertraWorkspace {
  id: string;
  name: string;
  description: string;
  tags: string[];
  owner_id: string;
  created_at: string;
  updated_at: string;
  members: { user_id: string; role: string; joined_at: string }[];
}
