// What one provider's fixture file (test/providers/<p>.ts) tells the shared suites: its seeded
// workspaces and paths, a valid change, the bodies it answers with (success, unusable, every kind
// of error), the fields it has and their documented limits, and its own cases for each suite.
// The shared suites (integration, resilience, federation, http, auth, scale, telemetry, validation)
// read these and never name a provider; test/providers/index.ts lists one fixture per registered
// provider.
//
// A new provider's tests are: test/providers/<p>.ts (`export const <p> = {…} satisfies
// ProviderFixture<'<p>'>`, written from its src/providers/<p>/CONTRACT.md and its emulator seeds),
// its line in test/providers/index.ts (the list does not compile without it), and its own contract
// tests, test/unit/providers/<p>.test.ts (and test/emulator/<p>.test.ts for its twin's quirks).
// test/providers/throwaway-provider.test.ts checks the fixture against the registry and the
// emulator, and that nothing else in the repository names the provider.
import type { Fault } from '../../src/emulator';
import type { PatchField } from '../../src/domain/patch';
import type { ProviderName } from '../../src/domain/provider';
import type { UpdateInput, UpdateResult, WorkspaceData } from '../support/results';

/** What a provider's 5xx body may hold that a caller must never see (a review found it in one). */
export const SECRET_TEXT = 'db=postgres://admin:hunter2@10.0.0.5/workspaces: connection refused';

/** A seeded workspace: its global id, the REST path the emulator records, its name. */
export interface SeedFixture {
  id: string;
  path: string;
  name: string;
}

/** A change of the fields every Workspace has (name, displayName, description): valid on any writable seed. */
export type WorkspaceChange = Partial<Record<'name' | 'displayName' | 'description', string>>;

/** What a result must match: its fields, the workspace's in part. */
export type ResultPattern = Partial<Omit<UpdateResult, 'workspace'>> & { workspace?: Record<string, unknown> };

/** A status and a body in the provider's own envelope. */
export interface Answer {
  status: number;
  body: unknown;
}

/** updateWorkspace succeeds: the typed result AND the exact request the provider received. */
export interface SuccessCase {
  title: string;
  input: UpdateInput;
  /** The whole body the provider must receive: only the set fields, under its own names. */
  body: unknown;
  /** The workspace the result carries (updatedAt is checked on its own). */
  workspace: Omit<WorkspaceData, 'updatedAt'>;
}

/** Input the subgraph refuses itself: every field error expected (order-insensitive), and no call. */
export interface RefusedCase {
  title: string;
  input: UpdateInput;
  errors: { path: string[]; code: 'REQUIRED' | 'INVALID' | 'TOO_LONG' | 'UNSUPPORTED_FIELD' }[];
}

/** Input at a documented limit that goes through: one call, a success matching `expected`, the body sent. */
export interface AcceptedCase {
  title: string;
  input: UpdateInput;
  expected?: ResultPattern;
  body?: unknown;
}

/** One update and the provider's answer (`fault`; omitted: the emulator's own), and the result. */
export interface AnswerCase {
  title: string;
  input: UpdateInput;
  fault?: Fault;
  /** toMatchObject, or toEqual with `exact`. */
  expected: ResultPattern;
  exact?: boolean;
}

/** workspace(id) of a seed: the mapped workspace (toMatchObject). */
export interface ReadCase {
  title: string;
  id: string;
  expected: Partial<Omit<WorkspaceData, 'details'>> & { details?: Record<string, unknown> };
}

/** A 200 the provider answers with (injected): read or update, and the workspace it maps to. */
export interface BodyCase {
  title: string;
  body: unknown;
  /** An update with this input; omitted: a read of the writable seed. */
  input?: UpdateInput;
  expected: Partial<Omit<WorkspaceData, 'details'>> & { details?: Record<string, unknown> };
}

/** A rename, and the id the workspace has after it (a new one where the name or key is the reference). */
export interface RenameCase {
  title: string;
  input: UpdateInput;
  id: string;
  workspace: Partial<Omit<WorkspaceData, 'details'>> & { details?: Record<string, unknown> };
  /** The exact body the provider received, where the case says. */
  body?: unknown;
}

/** validatePatch on the provider's capabilities, no HTTP: the errors, exactly. */
export interface PatchCase {
  title: string;
  patch: Record<string, unknown>;
  errors: unknown[];
}

/** The part of a provider's REST contract (src/providers/<p>/contract.ts) the HTTP client test drives. */
export interface RestContractLike {
  readonly updateMethod: 'PUT' | 'PATCH';
  requestBody(patch: never): object;
  readonly requestHeaders?: Readonly<Record<string, string>>;
}

export interface ProviderFixture<Name extends ProviderName = ProviderName> {
  /** The registry's name: the id prefix, `<P>_*` variables. */
  provider: Name;
  /** For people: its messages start with it. */
  label: string;
  /** Its WorkspaceProvider value. */
  enumValue: Uppercase<Name>;
  /** Where a caller sends its own token (`<P>_CREDENTIALS=caller`). */
  tokenHeader: `x-${Name}-token`;
  /** Its member of the WorkspaceDetails union. */
  detailsType: string;
  /** Its contract, for the tests that drive the data source without the emulator. */
  contract: RestContractLike;

  updateMethod: 'PUT' | 'PATCH';
  /** The media type its calls send and accept, where it is not JSON's (JSON:API's, say). */
  mediaType?: string;
  /** The REST path of a reference (`acme/research` -> `/org/acme/ws/research`), as the emulator records it. */
  pathOf(reference: string): string;

  /** The seeds (the emulator's tenants: acme has `writable` and `readOnly`, globex `otherWritable`). */
  writable: SeedFixture;
  otherWritable: SeedFixture;
  /**
   * Reads work, updates are refused: 403 (WorkspacePermissionDeniedError), or the 404 of a provider
   * that does not tell "may not change" from "does not exist" (`refusedAs`).
   */
  readOnly: SeedFixture & { refusedAs?: 'WorkspaceNotFoundError' };
  /** Well-formed, but the provider has no such workspace. */
  unknown: { id: string; path: string };

  /** A harmless valid change of the writable seed. */
  rename: WorkspaceChange;
  /** A valid change of any of its writable workspaces, distinct for each `n` (names are unique per provider). */
  change(n: number): WorkspaceChange;
  /** A valid value of each input field it brings (not the shared name and description). */
  samples: Readonly<Record<string, unknown>>;
  /** Every field its document lets an update change. */
  fields: readonly PatchField[];
  /** The fields it documents as nullable (null is sent); null is refused on the others. */
  nullable: readonly PatchField[];
  /** Its documented limits, in code points; `item`: of each item of a list. */
  limits: readonly { field: PatchField; max: number; item?: true }[];

  /** Its 500 envelope, carrying `text` where it carries a message, and the `code` the result shows. */
  serverError(text?: string): { body: unknown; code: string | null };
  /** Its 429 envelope, and the text of it that the result's message repeats. */
  rateLimit: { body: unknown; says: string };
  /** Its documented 4xx answers carrying `said` where it carries a message: first its 403. */
  documented4xx(said: string): Answer[];
  /** Its validation answer saying `said`: a WorkspaceValidationError, `<label> refused the input: <said>`. */
  invalid(said: string): Answer;
  /** Its conflict answer saying `said`: a WorkspaceConflictError on the name whose message repeats it. */
  conflict(said: string): Answer;
  /** Error answers that echo `said` (a token) in every place its envelope has text. */
  tokenEchoes(said: string): Answer[];
  /** A minimal usable success body, for its writable seed. */
  minimalBody: unknown;
  /** A 200 in its envelope but without the workspace name. */
  bodyWithoutName: unknown;
  /** 200 bodies it must not accept (WorkspaceProviderError, PROVIDER_ERROR). */
  unusableBodies: { title: string; body: unknown }[];

  /** Its own cases for the shared suites. */
  cases: {
    /** update-success: the provider's fields, body and mapping. */
    success: SuccessCase[];
    /** update-validation: refused before any call (its fields, limits, nulls). */
    refused: RefusedCase[];
    /** update-validation: at the limit, sent. */
    accepted: AcceptedCase[];
    /** update-errors: its validation answers (WorkspaceValidationError, paths under `input`). */
    validation: AnswerCase[];
    /** update-errors: its conflicts (WorkspaceConflictError). */
    conflicts: AnswerCase[];
    /** update-errors: answers that are not a conflict though they look like one (success). */
    notConflicts: AnswerCase[];
    /** update-errors: its other documented answers. */
    otherAnswers: AnswerCase[];
    /** reads: the mapping of its seeds. */
    reads: ReadCase[];
    /** provider-bodies: bodies it answers with and their mapping. */
    bodies: BodyCase[];
    /** rename: renames, with and without a new id. */
    renames: RenameCase[];
    /** validate-patch (unit): its rules. */
    patches: PatchCase[];
    /** provider-error-text: answers holding SECRET_TEXT, which the result must not show (exactly this result). */
    scrubbed: AnswerCase[];
  };
}
