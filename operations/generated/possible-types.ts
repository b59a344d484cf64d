
      export interface PossibleTypesResultData {
        possibleTypes: {
          [key: string]: string[]
        }
      }
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "Error": [
      "WorkspaceAuthenticationError",
      "WorkspaceConflictError",
      "WorkspaceNotFoundError",
      "WorkspacePermissionDeniedError",
      "WorkspaceProviderError",
      "WorkspaceRateLimitedError",
      "WorkspaceValidationError"
    ],
    "UpdateWorkspaceResult": [
      "UpdateWorkspaceSuccess",
      "WorkspaceAuthenticationError",
      "WorkspaceConflictError",
      "WorkspaceNotFoundError",
      "WorkspacePermissionDeniedError",
      "WorkspaceProviderError",
      "WorkspaceRateLimitedError",
      "WorkspaceValidationError"
    ],
    "WorkspaceDetails": [
      "AltostratWorkspaceDetails",
      "BlaxelWorkspaceDetails",
      "DreadnodeWorkspaceDetails",
      "FlashbackWorkspaceDetails",
      "TerraformWorkspaceDetails",
      "VertraWorkspaceDetails"
    ],
    "WorkspaceUpdatePlanResult": [
      "WorkspaceAuthenticationError",
      "WorkspaceNotFoundError",
      "WorkspacePermissionDeniedError",
      "WorkspaceProviderError",
      "WorkspaceRateLimitedError",
      "WorkspaceUpdatePlan",
      "WorkspaceValidationError"
    ]
  }
};
      export default result;
    