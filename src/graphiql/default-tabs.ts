/** One GraphiQL tab as GraphiQL 4's `defaultTabs` takes it: variables and headers are JSON text. */
export interface GraphiQLTab {
  query: string;
  variables?: string;
  headers?: string;
}

/** The workspace every example uses: a seeded, writable emulator workspace. */
export const EXAMPLE_WORKSPACE_ID = 'vertra:org123';

const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** Every member of UpdateWorkspaceResult, so that the example shows what a client must handle. */
export const UPDATE_WORKSPACE_MUTATION = `# updateWorkspace: every outcome is a member of
# UpdateWorkspaceResult. Select __typename, the
# success and every error. A field the provider
# lacks (e.g. displayName on a vertra: id) gives
# WorkspaceValidationError, UNSUPPORTED_FIELD.
mutation UpdateWorkspace($input: UpdateWorkspaceInput!) {
  updateWorkspace(input: $input) {
    __typename
    ... on UpdateWorkspaceSuccess {
      workspace {
        id
        provider
        providerId
        name
        description
        updatedAt
        details {
          __typename
          ... on VertraWorkspaceDetails {
            tags
          }
        }
      }
    }
    ... on WorkspaceValidationError {
      fieldErrors {
        path
        code
        message
      }
    }
    ... on WorkspaceNotFoundError {
      id
    }
    ... on WorkspaceAuthenticationError {
      provider
    }
    ... on WorkspacePermissionDeniedError {
      provider
    }
    ... on WorkspaceConflictError {
      field
    }
    ... on WorkspaceRateLimitedError {
      provider
      retryAfterSeconds
    }
    ... on WorkspaceProviderError {
      provider
      status
      code
      retryable
    }
    ... on Error {
      message
    }
  }
}
`;

export const WORKSPACE_QUERY = `# workspace(id): null when the provider has no
# such workspace. Ids the emulator has:
# vertra:org123, blaxel:my-workspace,
# dreadnode:acme/research,
# altostrat:ws_a1b2c3d4e5f6g7h8,
# flashback:123e4567-e89b-12d3-a456-426614174000
query Workspace($id: ID!) {
  workspace(id: $id) {
    id
    provider
    providerId
    name
    displayName
    description
    createdAt
    updatedAt
    details {
      __typename
      ... on BlaxelWorkspaceDetails {
        accountId
        region
        labels {
          key
          value
        }
        runtimeGeneration
        groupMappings {
          groupName
          role
        }
        status
        statusReason
      }
      ... on DreadnodeWorkspaceDetails {
        key
        isActive
        isDefault
        organizationId
        organizationName
        projectCount
      }
      ... on FlashbackWorkspaceDetails {
        organizationId
      }
      ... on VertraWorkspaceDetails {
        tags
        ownerId
        members {
          userId
          role
          joinedAt
        }
      }
      ... on AltostratWorkspaceDetails {
        billingMode
        pooledSeatLimit
        archived
        archivedAt
      }
    }
  }
}
`;

export const ENTITIES_QUERY = `# What the router sends to resolve Workspace
# entities by their @key (id).
query WorkspaceEntities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Workspace {
      id
      provider
      name
    }
  }
}
`;

/** The tabs GraphiQL opens with (when the browser has no saved tabs of its own). */
export const DEFAULT_TABS: readonly GraphiQLTab[] = [
  {
    query: UPDATE_WORKSPACE_MUTATION,
    variables: json({ input: { id: EXAMPLE_WORKSPACE_ID, description: 'Updated from GraphiQL', tags: ['graphiql'] } }),
  },
  {
    query: WORKSPACE_QUERY,
    variables: json({ id: EXAMPLE_WORKSPACE_ID }),
  },
  {
    query: ENTITIES_QUERY,
    variables: json({
      representations: [
        { __typename: 'Workspace', id: EXAMPLE_WORKSPACE_ID },
        { __typename: 'Workspace', id: 'blaxel:my-workspace' },
      ],
    }),
  },
];
