// HCP Terraform's emulator twin: https://app.terraform.io/api/v2, workspaces addressed by their
// `ws-…` id (also reachable by organization and name). Its rate-limit fault and media type are
// public: the subgraph's tests use them.
import { defineTwin } from '../twin';
import { createTerraformApi, JSON_API_MEDIA_TYPE, notFound } from './routes';
import { extraTerraform, seedTerraform } from './seeds';

export { JSON_API_MEDIA_TYPE, terraformRateLimitFault } from './routes';

export const terraform = defineTwin({
  name: 'terraform',
  prefix: '/terraform/api/v2',
  seeds: seedTerraform,
  extra: extraTerraform,
  reference: (entry) => entry.record.id,
  workspaceName: (entry) => entry.record.attributes.name,
  api: createTerraformApi,
  rest: {
    path: (reference) => `/workspaces/${reference}`,
    updateMethod: 'PATCH',
    mediaType: JSON_API_MEDIA_TYPE,
    sampleUpdate: (reference) => ({ data: { type: 'workspaces', attributes: { description: `Edit ${reference}` } } }),
    // A token that may not see or administer a workspace gets the 404 of a missing one.
    refused: () => notFound(),
  },
});
