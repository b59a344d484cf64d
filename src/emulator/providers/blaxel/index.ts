// Blaxel's emulator twin: https://api.blaxel.ai/v0, workspaces addressed by name.
import { defineTwin } from '../twin';
import { createBlaxelApi, forbidden } from './routes';
import { extraBlaxel, seedBlaxel } from './seeds';

export const blaxel = defineTwin({
  name: 'blaxel',
  prefix: '/blaxel/v0',
  seeds: seedBlaxel,
  extra: extraBlaxel,
  reference: (entry) => entry.record.name,
  workspaceName: (entry) => entry.record.name,
  api: createBlaxelApi,
  rest: {
    path: (reference) => `/workspaces/${reference}`,
    updateMethod: 'PUT',
    // Its name is its reference: a display name changes nothing else.
    sampleUpdate: (reference) => ({ displayName: `Edit ${reference}` }),
    refused: (reference, method) => forbidden(method === 'GET' ? 'access' : 'update', reference),
  },
});
