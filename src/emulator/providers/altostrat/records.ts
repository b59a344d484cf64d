// Altostrat's workspace record, as its document shows it on the wire (written from the document in
// shared/seeds, not from the client's schema).

export interface AltostratWorkspace {
  id: string;
  name: string;
  description: string | null;
  billing_mode: 'single' | 'assigned' | 'pooled';
  pooled_seat_limit: number | null;
  archived: boolean;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}
