// Readable messages for invalid environment variables: what the variable must be, and what it
// got when that cannot be a secret.
import { z } from 'zod';

/**
 * Variables whose value may be a credential, or hold one (a URL's password, REDIS_URL's
 * included): a message never quotes them. A URL's scheme is named instead.
 */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|KEY|CREDENTIALS|_URL$/;

/** One problem with `name` (e.g. `PORT`, `BLAXEL_BASE_URL`), read by `field` from `value`. */
export function describeIssue(
  issue: z.core.$ZodIssue,
  name: string,
  value: unknown,
  field: z.ZodType | undefined,
): string {
  const got = quotable(name, value) ? ` (got ${JSON.stringify(clip(String(value)))})` : '';
  const number = field && findSchema(field, (s): s is z.ZodNumber => s instanceof z.ZodNumber);
  if (number && isNumberIssue(issue)) return `${name} must be ${numberRule(number)}${got}`;
  if (issue.code === 'invalid_value' && issue.values.length > 1) {
    return `${name} must be one of ${issue.values.map(String).join(', ')}${got}`;
  }
  if (issue.code === 'invalid_format' && issue.format === 'url') return urlProblem(name, value, field);
  // The schema's own wording (`must be at least 16 characters`): the value only when not a string.
  if (issue.message.startsWith('must ')) {
    const plainString = field && findSchema(field, (s): s is z.ZodString => s instanceof z.ZodString);
    return `${name} ${issue.message}${plainString ? '' : got}`;
  }
  return `${name}: ${issue.message}`;
}

function quotable(name: string, value: unknown): boolean {
  return typeof value === 'string' && !SECRET_NAME.test(name);
}

const clip = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

function isNumberIssue(issue: z.core.$ZodIssue): boolean {
  if (issue.code === 'invalid_type') return issue.expected === 'number' || issue.expected === 'int';
  return (
    (issue.code === 'too_small' || issue.code === 'too_big') && (issue.origin === 'number' || issue.origin === 'int')
  );
}

/** `a whole number from 0 to 65535`, `a whole number of at least 1`, … */
function numberRule(number: z.ZodNumber): string {
  const kind = number.isInt ? 'a whole number' : 'a number';
  const limit = number.isInt ? Number.MAX_SAFE_INTEGER : Infinity;
  let min = number.minValue !== null && Math.abs(number.minValue) < limit ? number.minValue : undefined;
  const max = number.maxValue !== null && number.maxValue < limit ? number.maxValue : undefined;
  // positive() keeps 0 as its bound, exclusive: the smallest whole number it takes is 1.
  if (min !== undefined && number.isInt && !number.safeParse(min).success) min += 1;
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (min !== undefined) return `${kind} of at least ${min}`;
  if (max !== undefined) return `${kind} of at most ${max}`;
  return kind;
}

/** Names the schemes the variable takes and the one it got; never the rest of the URL. */
function urlProblem(name: string, value: unknown, field: z.ZodType | undefined): string {
  const url = field && findSchema(field, (s): s is z.ZodURL => s instanceof z.ZodURL);
  const protocol = url && (url._zod.def as z.core.$ZodURLDef).protocol;
  const allowed = !protocol
    ? 'a URL'
    : protocol.test('https') && protocol.test('http')
      ? 'an http(s) URL'
      : protocol.test('rediss') && protocol.test('redis')
        ? 'a redis:// or rediss:// URL'
        : `a URL whose scheme matches ${protocol.source}`;
  const scheme = typeof value === 'string' ? /^([a-z][a-z0-9+.-]*:)\/\//i.exec(value)?.[1] : undefined;
  const acceptedScheme = scheme !== undefined && protocol?.test(scheme.slice(0, -1).toLowerCase());
  const got =
    scheme !== undefined && !acceptedScheme
      ? ` (got scheme ${JSON.stringify(clip(scheme))})`
      : ' (got a value that is not a valid URL)';
  return `${name} must be ${allowed}${got}`;
}

/** The first schema `field` is made of (through defaults, optionals, pipes, unions) that `is` picks. */
function findSchema<T extends z.ZodType>(field: z.ZodType, is: (schema: z.ZodType) => schema is T): T | undefined {
  if (is(field)) return field;
  const inner: z.ZodType[] =
    field instanceof z.ZodDefault || field instanceof z.ZodOptional || field instanceof z.ZodCatch
      ? [field.unwrap() as z.ZodType]
      : field instanceof z.ZodPipe
        ? [field.in as z.ZodType, field.out as z.ZodType]
        : field instanceof z.ZodUnion
          ? (field.options as z.ZodType[])
          : [];
  for (const schema of inner) {
    const found = findSchema(schema, is);
    if (found) return found;
  }
  return undefined;
}

/** The schema of one variable of an object schema (or of an object piped into a transform). */
export function fieldOf(schema: z.ZodType, key: PropertyKey | undefined): z.ZodType | undefined {
  const object = findSchema(schema, (s): s is z.ZodObject => s instanceof z.ZodObject);
  return typeof key === 'string' ? (object?.shape[key] as z.ZodType | undefined) : undefined;
}
