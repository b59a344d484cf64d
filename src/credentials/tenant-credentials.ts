import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isProviderName, type ProviderName } from '../domain/provider';

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

export interface ReloadResult {
  ok: boolean;
  /** Tenants now known (the previous set when the file did not parse). */
  tenants: number;
  /** Why the file was refused; never its contents. */
  error?: string;
  /** Provider names in the file that this subgraph does not have (ignored). */
  unknownProviders: string[];
}

/**
 * Each tenant's own provider tokens, from TENANT_CREDENTIALS_FILE (e.g. a mounted secret).
 * `reload()` (on SIGHUP) swaps the whole table at once; a file that no longer parses keeps the
 * previous table. A request reads its credentials from one `snapshot()`, taken when it starts: all
 * its providers use the same version of the file, and a reload while it runs changes nothing for
 * it (in-flight requests keep the credentials they started with).
 */
export class TenantCredentials {
  private current: TenantTable;

  /** Reads the file; throws (naming the variable, never a value) when it is missing or malformed. */
  constructor(private readonly path: string) {
    const loaded = readTable(path);
    if ('error' in loaded) throw new Error(`TENANT_CREDENTIALS_FILE: ${loaded.error}`);
    this.current = new TenantTable(this, loaded.table);
    this.unknownProviders = loaded.unknownProviders;
  }

  /** Provider names the file had that are not providers of this subgraph (ignored). */
  unknownProviders: string[];

  /** The current table: immutable, so whoever holds it keeps reading the same tokens. */
  snapshot(): TenantTable {
    return this.current;
  }

  /** Tenants in the current table. */
  get tenantCount(): number {
    return this.current.tenantCount;
  }

  reload(): ReloadResult {
    const loaded = readTable(this.path);
    if ('error' in loaded) return { ok: false, tenants: this.tenantCount, error: loaded.error, unknownProviders: [] };
    this.current = new TenantTable(this, loaded.table);
    this.unknownProviders = loaded.unknownProviders;
    return { ok: true, tenants: this.tenantCount, unknownProviders: loaded.unknownProviders };
  }
}

function readTable(path: string): { table: Table; unknownProviders: string[] } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code ? `cannot read the file (${code})` : 'the file is not valid JSON' };
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    // Paths name tenants and providers, never tokens.
    const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    return { error: `expected {"<tenant>": {"<provider>": "<token>"}}; wrong at ${where}` };
  }
  const unknownProviders = new Set<string>();
  const table = new Map<string, Map<ProviderName, string>>();
  for (const [tenant, tokens] of Object.entries(parsed.data)) {
    const byProvider = new Map<ProviderName, string>();
    for (const [provider, token] of Object.entries(tokens)) {
      if (isProviderName(provider)) byProvider.set(provider, token);
      else unknownProviders.add(provider);
    }
    table.set(tenant, byProvider);
  }
  return { table, unknownProviders: [...unknownProviders] };
}
