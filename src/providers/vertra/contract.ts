import { capabilitiesOf } from '../../domain/capabilities';
import { memberOf, revisionOfRepresentation } from '../shared/revision';
import { pathOf, type ProviderRestContract } from '../shared/provider-data-source';
import { vertraFacts } from './facts';
import { vertraFailure, vertraRequestBody, vertraWorkspace } from './mapping';

/** Vertra Cloud: `PUT {base}/workspaces/{id}` with `{"updates": {...}}` (base e.g. https://api.vertracloud.app/v1). */
export const vertraContract: ProviderRestContract = {
  capabilities: capabilitiesOf(vertraFacts),
  updateMethod: 'PUT',
  pathFor: (ref) => `workspaces/${pathOf(...ref.segments)}`,
  requestBody: vertraRequestBody,
  toWorkspace: (body) => vertraWorkspace(body),
  revisionOf: (body) => revisionOfRepresentation(memberOf(body, 'response')),
  toFailure: vertraFailure,
};
