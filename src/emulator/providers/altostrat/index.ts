// Altostrat's emulator twin: no version segment, workspaces addressed by id.
import { defineTwin } from '../twin';
import { createAltostratApi } from './routes';
import { extraAltostrat, seedAltostrat } from './seeds';

export const altostrat = defineTwin({
  name: 'altostrat',
  prefix: '/altostrat',
  seeds: seedAltostrat,
  extra: extraAltostrat,
  reference: (entry) => entry.record.id,
  workspaceName: (entry) => entry.record.name,
  api: createAltostratApi,
  rest: {
    path: (reference) => `/workspaces/${reference}`,
    updateMethod: 'PATCH',
    sampleUpdate: (reference) => ({ description: `Edit ${reference}` }),
    // Its document defines no body for a 403.
    refused: () => ({ status: 403 }),
  },
});
