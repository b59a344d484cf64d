import { capabilitiesOf } from '../../domain/capabilities';
import { revisionOfRepresentation } from '../shared/revision';
import { pathOf, type ProviderRestContract } from '../shared/provider-data-source';
import { dreadnodeFacts } from './facts';
import { dreadnodeFailure, dreadnodeRequestBody, dreadnodeWorkspace } from './mapping';

/** Dreadnode: `PUT {base}/org/{org}/ws/{ws}` (base e.g. https://example.com/api/v1). */
export const dreadnodeContract: ProviderRestContract = {
  capabilities: capabilitiesOf(dreadnodeFacts),
  updateMethod: 'PUT',
  pathFor: ({ segments: [org = '', ws = ''] }) => `org/${pathOf(org)}/ws/${pathOf(ws)}`,
  requestBody: dreadnodeRequestBody,
  toWorkspace: dreadnodeWorkspace,
  revisionOf: revisionOfRepresentation,
  toFailure: dreadnodeFailure,
};
