import { pathOf, type ProviderRestContract } from '../shared/provider-data-source';
import { blaxelCapabilities } from './capabilities';
import { blaxelFailure, blaxelRequestBody, blaxelWorkspace } from './mapping';

/** Blaxel: `PUT {base}/workspaces/{workspaceName}` (base e.g. https://api.blaxel.ai/v0). */
export const blaxelContract: ProviderRestContract = {
  capabilities: blaxelCapabilities,
  updateMethod: 'PUT',
  pathFor: (ref) => `workspaces/${pathOf(...ref.segments)}`,
  requestBody: blaxelRequestBody,
  toWorkspace: (body) => blaxelWorkspace(body),
  toFailure: blaxelFailure,
};
