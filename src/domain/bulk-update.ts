import { fail, failures, type FieldError, type Outcome } from './failures';

/** At most this many inputs in one `updateWorkspaces`; more is refused before anything is sent. */
export const MAX_BULK_UPDATES = 100;

/** `path` as it reads from the argument: ["input"] for updateWorkspace, ["inputs", "3"] for item 3 of updateWorkspaces. */
export type InputPath = readonly string[];

/** The path of updateWorkspace's one argument, where every field error is first built. */
export const INPUT_PATH: InputPath = ['input'];

/**
 * A failure whose field errors are rooted at `["input", …]` (as validation and the providers'
 * mappings build them), rooted at `path` instead: `["input","tags","0"]` becomes
 * `["inputs","3","tags","0"]` for item 3 of updateWorkspaces.
 */
export function atPath<T>(outcome: Outcome<T>, path: InputPath): Outcome<T> {
  if (outcome.ok || outcome.failure.kind !== 'validation' || samePath(path, INPUT_PATH)) return outcome;
  const { fieldErrors, message } = outcome.failure;
  const rerooted = fieldErrors.map((error): FieldError => ({
    ...error,
    path: error.path[0] === INPUT_PATH[0] ? [...path, ...error.path.slice(1)] : error.path,
  }));
  return fail(failures.validation(rerooted, message));
}

const samePath = (a: InputPath, b: InputPath): boolean => a.length === b.length && a.every((s, i) => s === b[i]);
