// Dreadnode's emulator twin: /api/v1, workspaces addressed by organisation slug and key.
import { defineTwin } from '../twin';
import { createDreadnodeApi } from './routes';
import { extraDreadnode, seedDreadnode } from './seeds';

export const dreadnode = defineTwin({
  name: 'dreadnode',
  prefix: '/dreadnode/api/v1',
  seeds: seedDreadnode,
  extra: extraDreadnode,
  reference: (entry) => `${entry.org}/${entry.record.key}`,
  workspaceName: (entry) => entry.record.name,
  api: createDreadnodeApi,
});
