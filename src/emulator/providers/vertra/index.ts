// Vertra Cloud's emulator twin: /v1, workspaces addressed by id.
import { defineTwin } from '../twin';
import { createVertraApi, forbidden } from './routes';
import { extraVertra, seedVertra } from './seeds';

export const vertra = defineTwin({
  name: 'vertra',
  prefix: '/vertra/v1',
  seeds: seedVertra,
  extra: extraVertra,
  reference: (entry) => entry.record.id,
  workspaceName: (entry) => entry.record.name,
  api: createVertraApi,
  rest: {
    path: (reference) => `/workspaces/${reference}`,
    updateMethod: 'PUT',
    sampleUpdate: (reference) => ({ updates: { description: `Edit ${reference}` } }),
    refused: (_reference, method) => forbidden(method === 'GET' ? 'access' : 'update'),
  },
});
