import { capabilitiesOf } from '../../domain/capabilities';
import { memberOf, revisionOfRepresentation } from '../shared/revision';
import { pathOf, type ProviderRestContract } from '../shared/provider-data-source';
import { terraformFacts } from './facts';
import { terraformFailure, terraformRequestBody, terraformWorkspace } from './mapping';

/** JSON:API's media type, which every request of the document's samples carries. */
export const JSON_API = 'application/vnd.api+json';

/**
 * HCP Terraform: `PATCH {base}/workspaces/{ws- id}` with a JSON:API document, reads by `GET` on the
 * same path (base e.g. https://app.terraform.io/api/v2).
 */
export const terraformContract: ProviderRestContract = {
  capabilities: capabilitiesOf(terraformFacts),
  updateMethod: 'PATCH',
  pathFor: (ref) => `workspaces/${pathOf(...ref.segments)}`,
  requestHeaders: { 'content-type': JSON_API, accept: JSON_API },
  requestBody: terraformRequestBody,
  toWorkspace: (body) => terraformWorkspace(body),
  revisionOf: (body) => revisionOfRepresentation(memberOf(body, 'data')),
  toFailure: terraformFailure,
};
