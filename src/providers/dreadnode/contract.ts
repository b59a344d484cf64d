import { pathOf, type ProviderRestContract } from '../shared/provider-data-source';
import { dreadnodeCapabilities } from './capabilities';
import { dreadnodeFailure, dreadnodeRequestBody, dreadnodeWorkspace } from './mapping';

/** Dreadnode: `PUT {base}/org/{org}/ws/{ws}` (base e.g. https://example.com/api/v1). */
export const dreadnodeContract: ProviderRestContract = {
  capabilities: dreadnodeCapabilities,
  updateMethod: 'PUT',
  pathFor: ({ segments: [org = '', ws = ''] }) => `org/${pathOf(org)}/ws/${pathOf(ws)}`,
  requestBody: dreadnodeRequestBody,
  toWorkspace: dreadnodeWorkspace,
  toFailure: dreadnodeFailure,
};
