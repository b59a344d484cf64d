import { defineFacts, inputField } from '../../registry/kit';
import type { TerraformDetails, TerraformExecutionMode } from './details';

/**
 * HCP Terraform ([CONTRACT.md](CONTRACT.md)):
 * the `ws-` id is the reference (a rename keeps it). A name is 1-90 letters, digits, `-` and `_`
 * (the document's 90 is a recommendation; this subgraph makes it the limit). No field accepts null.
 */
export const terraformFacts = defineFacts<TerraformDetails>()({
  name: 'terraform',
  label: 'HCP Terraform',
  reference: { segments: 1, shape: '<workspace id>', example: 'ws-KTuq99JSzgmDSvYj' },
  inputFields: {
    autoApply: inputField.boolean(),
    executionMode: inputField.custom<TerraformExecutionMode>(),
    terraformVersion: inputField.string('An exact version (1.9.4) or a version constraint (~> 1.0.0).'),
    workingDirectory: inputField.string('A relative path; by default the root of the repository.'),
  },
  fields: {
    name: {
      maxLength: 90,
      pattern: {
        regex: /^[A-Za-z0-9_-]+$/,
        message: 'An HCP Terraform workspace name may only contain letters, digits, - and _.',
      },
    },
    description: {},
    autoApply: {},
    executionMode: {},
    terraformVersion: {},
    workingDirectory: {},
  },
});
