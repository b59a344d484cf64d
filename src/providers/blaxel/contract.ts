import { capabilitiesOf } from '../../domain/capabilities';
import { revisionOfRepresentation } from '../shared/revision';
import { pathOf, type ProviderRestContract } from '../shared/provider-data-source';
import { blaxelFacts } from './facts';
import { blaxelFailure, blaxelRequestBody, blaxelWorkspace } from './mapping';

/** Blaxel: `PUT {base}/workspaces/{workspaceName}` (base e.g. https://api.blaxel.ai/v0). */
export const blaxelContract: ProviderRestContract = {
  capabilities: capabilitiesOf(blaxelFacts),
  updateMethod: 'PUT',
  pathFor: (ref) => `workspaces/${pathOf(...ref.segments)}`,
  requestBody: blaxelRequestBody,
  toWorkspace: (body) => blaxelWorkspace(body),
  revisionOf: revisionOfRepresentation,
  toFailure: blaxelFailure,
};
