// The shapes the tests read back from the graph: what the README's documents (operations/*.graphql)
// select of a workspace and of each member of UpdateWorkspaceResult, and the update's input.

export interface WorkspaceData {
  id: string;
  provider: string;
  providerId: string;
  name: string;
  displayName: string | null;
  description: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  details: { __typename: string } & Record<string, unknown>;
}

export interface FieldErrorData {
  path: string[];
  code: string;
  message: string;
}

/** One member of UpdateWorkspaceResult; which fields are present depends on __typename. */
export interface UpdateResult {
  __typename: string;
  message?: string;
  workspace?: WorkspaceData;
  fieldErrors?: FieldErrorData[];
  id?: string;
  provider?: string;
  field?: string | null;
  retryAfterSeconds?: number | null;
  status?: number | null;
  code?: string | null;
  retryable?: boolean;
}

/** UpdateWorkspaceInput: the global id and any input fields (unknown ones are the schema's to refuse). */
export type UpdateInput = { id: string } & Record<string, unknown>;

export interface GraphQLErrorData {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}
