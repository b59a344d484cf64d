import { capabilitiesOf } from '../../domain/capabilities';
import { revisionOfRepresentation } from '../shared/revision';
import { pathOf, type ProviderRestContract } from '../shared/provider-data-source';
import { altostratFacts } from './facts';
import { altostratFailure, altostratRequestBody, altostratWorkspace } from './mapping';

/** Altostrat: `PATCH {base}/workspaces/{workspaceId}` (base e.g. https://v1.api.altostrat.io). */
export const altostratContract: ProviderRestContract = {
  capabilities: capabilitiesOf(altostratFacts),
  updateMethod: 'PATCH',
  pathFor: (ref) => `workspaces/${pathOf(...ref.segments)}`,
  requestBody: altostratRequestBody,
  toWorkspace: (body) => altostratWorkspace(body),
  revisionOf: revisionOfRepresentation,
  toFailure: altostratFailure,
};
