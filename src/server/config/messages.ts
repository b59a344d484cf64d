// Readable messages for invalid environment variables: what the variable must be, and what it
// got when that cannot be a secret.
import { z } from 'zod';

/**
 * Names of variables that hold a credential, or are next to one (`<P>_CREDENTIALS`, where a token
 * pasted by mistake would land): never quoted, whatever they take.
 */
const SECRET_NAME = /(^|_)(TOKEN|SECRET|PASSWORD|KEY|CREDENTIALS)$/;

/**
 * The one rule for quoting a value in a message: only a variable that takes a number or a word
 * from a fixed list (PORT, LOG_LEVEL, AUTH_MODE, NODE_ENV, …), and whose name does not say
 * credential. Free text (a secret, a path, an issuer) is never quoted; a URL (which may carry a
 * password or a token in its query) only by its scheme.
 */
export function isEchoed(name: string, field: z.ZodType | undefined): boolean {
  return field !== undefined && takesWords(field) && !SECRET_NAME.test(name);
}

/** Every value `field` takes is a number or one of fixed words (an enum, a literal). */
function takesWords(field: z.ZodType): boolean {
  if (field instanceof z.ZodNumber || field instanceof z.ZodEnum || field instanceof z.ZodLiteral) return true;
  if (field instanceof z.ZodDefault || field instanceof z.ZodOptional || field instanceof z.ZodCatch) {
    return takesWords(field.unwrap() as z.ZodType);
  }
  // z.preprocess is a pipe from a transform: what it takes is what comes out of it.
  if (field instanceof z.ZodPipe) {
    return takesWords((field.in instanceof z.ZodTransform ? field.out : field.in) as z.ZodType);
  }
  if (field instanceof z.ZodUnion) return (field.options as z.ZodType[]).every(takesWords);
  return false;
}

/** One problem with `name` (e.g. `PORT`, `BLAXEL_BASE_URL`), read by `field` from `value`. */
export function describeIssue(
  issue: z.core.$ZodIssue,
  name: string,
  value: unknown,
  field: z.ZodType | undefined,
): string {
  const quoted = typeof value === 'string' && isEchoed(name, field) ? `got ${JSON.stringify(clip(value))}` : '';
  const got = quoted ? ` (${quoted})` : '';
  const number = field && findSchema(field, (s): s is z.ZodNumber => s instanceof z.ZodNumber);
  if (number && isNumberIssue(issue)) return `${name} must be ${numberRule(number, field?.description)}${got}`;
  if (issue.code === 'invalid_value' && issue.values.length > 1) {
    const words = issue.values.map(String);
    // `JWT`, `Production`: said, so that the fix is obvious.
    const caseOnly = typeof value === 'string' && value !== value.toLowerCase() && words.includes(value.toLowerCase());
    const said = [quoted, caseOnly ? 'the values are lower case' : ''].filter(Boolean).join('; ');
    return `${name} must be one of ${words.join(', ')}${said ? ` (${said})` : ''}`;
  }
  if (issue.code === 'invalid_format' && issue.format === 'url') return urlProblem(name, value, field);
  // The schema's own wording (`must be at least 16 characters`).
  if (issue.message.startsWith('must ')) return `${name} ${issue.message}${got}`;
  return `${name}: ${issue.message}`;
}

const clip = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

function isNumberIssue(issue: z.core.$ZodIssue): boolean {
  if (issue.code === 'invalid_type') return issue.expected === 'number' || issue.expected === 'int';
  return (
    (issue.code === 'too_small' || issue.code === 'too_big') && (issue.origin === 'number' || issue.origin === 'int')
  );
}

/** `a whole number from 0 to 65535`, `a whole number of at least 1`, `a whole number of seconds, at least 1`, … */
function numberRule(number: z.ZodNumber, unit: string | undefined): string {
  const kind = `${number.isInt ? 'a whole number' : 'a number'}${unit ? ` of ${unit}` : ''}`;
  const limit = number.isInt ? Number.MAX_SAFE_INTEGER : Infinity;
  let min = number.minValue !== null && Math.abs(number.minValue) < limit ? number.minValue : undefined;
  const max = number.maxValue !== null && number.maxValue < limit ? number.maxValue : undefined;
  // positive() keeps 0 as its bound, exclusive: the smallest whole number it takes is 1.
  if (min !== undefined && number.isInt && !number.safeParse(min).success) min += 1;
  const bound =
    min !== undefined && max !== undefined
      ? `from ${min} to ${max}`
      : min !== undefined
        ? `at least ${min}`
        : max !== undefined
          ? `at most ${max}`
          : '';
  if (!bound) return kind;
  return unit || !bound.startsWith('at ') ? `${kind}${unit ? ',' : ''} ${bound}` : `${kind} of ${bound}`;
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
