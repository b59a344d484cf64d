// Flashback's workspace record as the provider's public document shows it on the wire (summed up in
// src/providers/flashback/CONTRACT.md), written from that document, not from the client's schema.

export interface FlashbackWorkspace {
  id: string;
  name: string;
  orgId: string;
}
