// Flashback's emulator twin: no version segment, workspaces addressed by id.
import { defineTwin } from '../twin';
import { createFlashbackApi } from './routes';
import { extraFlashback, seedFlashback } from './seeds';

export const flashback = defineTwin({
  name: 'flashback',
  prefix: '/flashback',
  seeds: seedFlashback,
  extra: extraFlashback,
  reference: (entry) => entry.record.id,
  workspaceName: (entry) => entry.record.name,
  api: createFlashbackApi,
});
