// Flashback's workspace record, as its document shows it on the wire (written from the document in
// shared/seeds, not from the client's schema).

export interface FlashbackWorkspace {
  id: string;
  name: string;
  orgId: string;
}
