// Dreadnode's emulator twin: /api/v1, workspaces addressed by organisation slug and key.
import { defineTwin } from '../twin';
import { createDreadnodeApi, forbidden } from './routes';
import { extraDreadnode, seedDreadnode } from './seeds';

export const dreadnode = defineTwin({
  name: 'dreadnode',
  prefix: '/dreadnode/api/v1',
  seeds: seedDreadnode,
  extra: extraDreadnode,
  reference: (entry) => `${entry.org}/${entry.record.key}`,
  workspaceName: (entry) => entry.record.name,
  api: createDreadnodeApi,
  rest: {
    path: (reference) => {
      const [org, key] = reference.split('/');
      return `/org/${org}/ws/${key}`;
    },
    updateMethod: 'PUT',
    sampleUpdate: (reference) => ({ description: `Edit ${reference}` }),
    refused: () => forbidden(),
  },
});
