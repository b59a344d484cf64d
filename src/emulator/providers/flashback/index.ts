// Flashback's emulator twin: no version segment, workspaces addressed by id.
import { defineTwin } from '../twin';
import { createFlashbackApi, forbidden } from './routes';
import { extraFlashback, seedFlashback } from './seeds';

export const flashback = defineTwin({
  name: 'flashback',
  prefix: '/flashback',
  seeds: seedFlashback,
  extra: extraFlashback,
  reference: (entry) => entry.record.id,
  workspaceName: (entry) => entry.record.name,
  api: createFlashbackApi,
  rest: {
    path: (reference) => `/workspace/${reference}`,
    updateMethod: 'PUT',
    // Its update takes a name only (unique in an organisation).
    sampleUpdate: (reference) => ({ name: `Edit ${reference}` }),
    refused: (_reference, method) => forbidden(method === 'GET' ? 'access' : 'update'),
  },
});
