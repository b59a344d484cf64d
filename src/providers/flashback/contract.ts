import { capabilitiesOf } from '../../domain/capabilities';
import { memberOf, revisionOfRepresentation } from '../shared/revision';
import { pathOf, type ProviderRestContract } from '../shared/provider-data-source';
import { flashbackFacts } from './facts';
import { flashbackFailure, flashbackRequestBody, flashbackWorkspace } from './mapping';

/** Flashback: `PUT {base}/workspace/{id}` (base e.g. https://backend.flashback.tech). */
export const flashbackContract: ProviderRestContract = {
  capabilities: capabilitiesOf(flashbackFacts),
  updateMethod: 'PUT',
  pathFor: (ref) => `workspace/${pathOf(...ref.segments)}`,
  requestBody: flashbackRequestBody,
  toWorkspace: (body) => flashbackWorkspace(body),
  revisionOf: (body) => revisionOfRepresentation(memberOf(body, 'workspace')),
  toFailure: flashbackFailure,
};
