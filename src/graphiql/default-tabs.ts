import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../project-root';

/** operations/ at the project root. */
const OPERATIONS_DIR = join(PROJECT_ROOT, 'operations');

/** One GraphiQL tab as GraphiQL 4's `defaultTabs` takes it: variables and headers are JSON text. */
export interface GraphiQLTab {
  query: string;
  variables?: string;
  headers?: string;
}

/** The workspace every example uses: a seeded, writable emulator workspace. */
export const EXAMPLE_WORKSPACE_ID = 'vertra:org123';

const json = (value: unknown): string => JSON.stringify(value, null, 2);

/**
 * The README's operations, read once from operations/*.graphql (the same files the tests and
 * codegen use), each with a short comment for the person exploring.
 */
const operation = (comment: string, ...files: string[]): string =>
  [comment, ...files.map((file) => readFileSync(join(OPERATIONS_DIR, file), 'utf8'))].join('\n');

export const UPDATE_WORKSPACE_MUTATION = operation(
  `# Every outcome is a member of UpdateWorkspaceResult.
# A field the provider lacks (e.g. displayName on
# a vertra: id) gives WorkspaceValidationError,
# UNSUPPORTED_FIELD, and nothing is sent.`,
  'update-workspace.graphql',
  'workspace-fields.graphql',
);

export const WORKSPACE_QUERY = operation(
  `# null when the provider has no such workspace.
# Ids the emulator has: vertra:org123,
# blaxel:my-workspace, dreadnode:acme/research,
# altostrat:ws_a1b2c3d4e5f6g7h8,
# flashback:123e4567-e89b-12d3-a456-426614174000`,
  'workspace.graphql',
  'workspace-fields.graphql',
);

export const ENTITIES_QUERY = operation('', 'workspace-entities.graphql');

export const UPDATE_WORKSPACES_MUTATION = operation(
  `# Up to 100 updates at once, sent concurrently.
# The third fails on its own (Flashback has no
# tags, path ["inputs","2","tags"]); the others
# still go through.`,
  'update-workspaces.graphql',
  'workspace-fields.graphql',
);

export const PLAN_THEN_APPLY = operation(
  `# Plan, then apply. 1: run PlanWorkspaceUpdates:
# nothing is changed; read "changes" and the
# "request" the provider would get. 2: copy its
# "revision" into expectedRevision below and run
# UpdateWorkspaces. Changed since the plan?
# WorkspaceConflictError, and nothing is sent.`,
  'plan-workspace-updates.graphql',
  'update-workspaces.graphql',
  'workspace-fields.graphql',
);

/** The plan, then apply tab's one input: the same variables serve both operations. */
export const EXAMPLE_PLANNED_INPUT = {
  id: EXAMPLE_WORKSPACE_ID,
  description: 'Planned, reviewed, then applied',
  expectedRevision: null,
};

/** The batch of the updateWorkspaces tab: three providers, the last item refused before any call. */
export const EXAMPLE_BATCH = [
  { id: EXAMPLE_WORKSPACE_ID, description: 'Updated in a batch from GraphiQL' },
  { id: 'blaxel:my-workspace', displayName: 'Batch from GraphiQL' },
  { id: 'flashback:123e4567-e89b-12d3-a456-426614174000', tags: ['graphiql'] },
];

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
  {
    query: UPDATE_WORKSPACES_MUTATION,
    variables: json({ inputs: EXAMPLE_BATCH }),
  },
  {
    query: PLAN_THEN_APPLY,
    variables: json({ inputs: [EXAMPLE_PLANNED_INPUT] }),
  },
];
