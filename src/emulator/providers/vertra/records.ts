// Vertra's workspace record, as its document shows it on the wire (written from the document in
// shared/seeds, not from the client's schema).

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
