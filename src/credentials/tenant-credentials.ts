import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isProviderName, PROVIDER_LABELS, PROVIDER_NAMES, type ProviderName } from '../domain/provider';

/** `{"<tenant>": {"<provider in lower case>": "<token>"}}` */
const fileSchema = z.record(z.string().min(1), z.record(z.string(), z.string().min(1)));

type Table = ReadonlyMap<string, ReadonlyMap<ProviderName, string>>;

/**
 * One version of the tenants' tokens, as one file read gave them; never changes. A request takes
 * one (TenantCredentials.snapshot()) and reads every provider's credential from it.
 */
export class TenantTable {
  constructor(
    /** The TenantCredentials it was taken from. */
    readonly source: TenantCredentials,
    private readonly table: Table,
  ) {
    Object.freeze(this);
  }

  tokenFor(tenant: string, provider: ProviderName): string | undefined {
    return this.table.get(tenant)?.get(provider);
  }

  /** How many tenants it has. */
  get tenantCount(): number {
    return this.table.size;
  }
}

/** What a file of tenants' tokens must hold besides its shape. */
export interface TenantFileRules {
  /**
   * The providers called with their tenants' tokens (`<P>_CREDENTIALS=tenant`): a file in which no
   * tenant has a token for one of them is refused (every call to it would fail).
   */
  tenantProviders: readonly ProviderName[];
}

export interface ReloadResult {
  ok: boolean;
  /** Tenants now known (the previous set when the file was refused). */
  tenants: number;
  /** Why the file was refused; never a token. */
  error?: string;
}

/**
 * Each tenant's own provider tokens, from TENANT_CREDENTIALS_FILE (e.g. a mounted secret).
 * `reload()` (on SIGHUP) swaps the whole table at once. The file is checked the same way at start
 * and on every reload (readTenantFile): at start a refused file stops the start-up; on a reload it
 * is not taken and the previous table stays. A request reads its credentials from one
 * `snapshot()`, taken when it starts: all its providers use the same version of the file, and a
 * reload while it runs changes nothing for it (in-flight requests keep the credentials they
 * started with).
 */
export class TenantCredentials {
  private current: TenantTable;

  /** Reads the file; throws (naming the variable and the file, never a token) when it is refused. */
  constructor(
    private readonly path: string,
    private readonly rules: TenantFileRules = { tenantProviders: [] },
  ) {
    const loaded = readTenantFile(path, rules);
    if (!loaded.ok) throw new Error(`TENANT_CREDENTIALS_FILE: ${loaded.error}`);
    this.current = new TenantTable(this, loaded.table);
  }

  /** The current table: immutable, so whoever holds it keeps reading the same tokens. */
  snapshot(): TenantTable {
    return this.current;
  }

  /** Tenants in the current table. */
  get tenantCount(): number {
    return this.current.tenantCount;
  }

  /** Re-reads the file; one refused (as at start) leaves the current table in place. */
  reload(): ReloadResult {
    const loaded = readTenantFile(this.path, this.rules);
    if (!loaded.ok) return { ok: false, tenants: this.tenantCount, error: loaded.error };
    this.current = new TenantTable(this, loaded.table);
    return { ok: true, tenants: this.tenantCount };
  }
}

export type TenantFile = { ok: true; table: Table } | { ok: false; error: string };

/**
 * Reads and checks a file of tenants' tokens: JSON, `{"<tenant>": {"<provider>": "<token>"}}`,
 * only this subgraph's provider names (in lower case), and for each provider in `tenant` mode at
 * least one tenant with a token for it. The one check for the start and every reload. Errors name
 * the file, tenants and providers (with the line and column of a JSON syntax error), never a token.
 */
export function readTenantFile(path: string, rules: TenantFileRules): TenantFile {
  const parsed = parseJson(path);
  if (!parsed.ok) return parsed;
  const shaped = fileSchema.safeParse(parsed.value);
  if (!shaped.success) {
    // Paths name tenants and providers, never tokens.
    const where = shaped.error.issues.map((issue) => issue.path.map(String).map(shorten).join('.') || '(root)');
    return {
      ok: false,
      error: `${JSON.stringify(path)} must be {"<tenant>": {"<provider>": "<token>"}} (tokens non-empty strings); wrong at ${listed(where)}`,
    };
  }
  const unknown: string[] = [];
  const table = new Map<string, Map<ProviderName, string>>();
  for (const [tenant, tokens] of Object.entries(shaped.data)) {
    const byProvider = new Map<ProviderName, string>();
    for (const [provider, token] of Object.entries(tokens)) {
      if (isProviderName(provider)) byProvider.set(provider, token);
      else unknown.push(`${shorten(tenant)}.${shorten(provider)}`);
    }
    table.set(tenant, byProvider);
  }
  const problems: string[] = [];
  if (unknown.length > 0) {
    problems.push(
      `unknown provider at ${listed(unknown)}: the providers are ${PROVIDER_NAMES.join(', ')} (lower case)`,
    );
  }
  const untokened = rules.tenantProviders.filter((provider) => ![...table.values()].some((t) => t.has(provider)));
  if (untokened.length > 0) {
    const variables = untokened.map((p) => `${p.toUpperCase()}_CREDENTIALS=tenant`).join(', ');
    problems.push(
      table.size === 0
        ? `it names no tenant, and ${variables}: every call would fail`
        : `no tenant has a token for ${untokened.map((p) => PROVIDER_LABELS[p]).join(', ')} (${variables}): every call would fail`,
    );
  }
  if (problems.length > 0) return { ok: false, error: `${JSON.stringify(path)}: ${problems.join('; ')}` };
  return { ok: true, table };
}

function parseJson(path: string): { ok: true; value: unknown } | { ok: false; error: string } {
  let text: string;
  try {
    // A byte order mark (some editors write one) is not part of the JSON.
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return { ok: false, error: `cannot read ${JSON.stringify(path)} (${code})` };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // V8's message may quote the text (a token, say): only where it broke is said.
    return { ok: false, error: `${JSON.stringify(path)} is not valid JSON${whereJsonBroke(text)}` };
  }
}

/** ` (line L, column C)` of the first character JSON.parse refuses in `text`. */
function whereJsonBroke(text: string): string {
  if (text.trim() === '') return ' (the file is empty)';
  let position = brokenAt(text);
  if (position === 'unknown') {
    // V8 names no position for some errors ("Unexpected token 'x', …"): the shortest prefix that
    // fails before its end ends with the culprit.
    let [low, high] = [1, text.length];
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (brokenAt(text.slice(0, middle)) === null) low = middle + 1;
      else high = middle;
    }
    position = low - 1;
  }
  const before = text.slice(0, position ?? text.length).split('\n');
  return ` (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`;
}

/** Where JSON.parse stops in `text`: null when it parses or only runs out (a prefix of valid JSON). */
function brokenAt(text: string): number | 'unknown' | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    const at = /at position (\d+)/.exec(message);
    if (at) return Number(at[1]) >= text.length ? null : Number(at[1]);
    return /end of JSON input/.test(message) ? null : 'unknown';
  }
}

/** At most five places, each at most 64 characters: a log line stays short whatever the file holds. */
function listed(places: string[]): string {
  const shown = places.slice(0, 5).join(', ');
  return places.length > 5 ? `${shown} and ${places.length - 5} more` : shown;
}

function shorten(name: string): string {
  const quoted = /^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name);
  return quoted.length > 64 ? `${quoted.slice(0, 64)}…` : quoted;
}
