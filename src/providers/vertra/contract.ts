import { pathOf, type ProviderRestContract } from '../shared/provider-data-source';
import { vertraCapabilities } from './capabilities';
import { vertraFailure, vertraRequestBody, vertraWorkspace } from './mapping';

/** Vertra Cloud: `PUT {base}/workspaces/{id}` with `{"updates": {...}}` (base e.g. https://api.vertracloud.app/v1). */
export const vertraContract: ProviderRestContract = {
  capabilities: vertraCapabilities,
  updateMethod: 'PUT',
  pathFor: (ref) => `workspaces/${pathOf(...ref.segments)}`,
  requestBody: vertraRequestBody,
  toWorkspace: (body) => vertraWorkspace(body),
  toFailure: vertraFailure,
};
