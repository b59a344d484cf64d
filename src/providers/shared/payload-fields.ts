import { z } from 'zod';

/**
 * An ISO-8601 date-time as the graph returns it (a Date, serialised in UTC with milliseconds).
 * A value that does not parse makes the whole body unusable.
 */
export const dateTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

/** Optional and nullable fields read as null when absent. */
export const nullableDateTime = dateTime.nullish().transform((value) => value ?? null);
export const nullableString = z
  .string()
  .nullish()
  .transform((value) => value ?? null);
export const nullableInt = z
  .number()
  .int()
  .nullish()
  .transform((value) => value ?? null);

/** The fields that identify a workspace: a body without them is unusable. */
export const requiredString = z.string().min(1);

/**
 * A provider enum read forward-compatibly: matched case-insensitively, and a value the document
 * does not list reads as null rather than making the body unusable.
 */
export function upperCaseEnum<const T extends readonly string[]>(values: T) {
  return z
    .string()
    .nullish()
    .transform((value): T[number] | null => {
      const upper = value?.toUpperCase();
      return upper !== undefined && values.includes(upper) ? upper : null;
    });
}
