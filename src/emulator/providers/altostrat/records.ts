// Altostrat's workspace record as the provider's public document shows it on the wire (summed up in
// src/providers/altostrat/CONTRACT.md), written from that document, not from the client's schema.

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
