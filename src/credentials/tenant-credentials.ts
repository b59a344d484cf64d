import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isProviderName, type ProviderName } from '../domain/provider';

/** `{"<tenant>": {"<provider in lower case>": "<token>"}}` */
const fileSchema = z.record(z.string().min(1), z.record(z.string(), z.string().min(1)));

type Table = ReadonlyMap<string, ReadonlyMap<ProviderName, string>>;

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
 * `reload()` (on SIGHUP) swaps the whole table at once, so a request sees either the old or the
 * new credentials, never a mix, and in-flight requests are not disturbed; a file that no longer
 * parses keeps the previous table.
 */
export class TenantCredentials {
  private table: Table;

  /** Reads the file; throws (naming the variable, never a value) when it is missing or malformed. */
  constructor(private readonly path: string) {
    const loaded = readTable(path);
    if ('error' in loaded) throw new Error(`TENANT_CREDENTIALS_FILE: ${loaded.error}`);
    this.table = loaded.table;
    this.unknownProviders = loaded.unknownProviders;
  }

  /** Provider names the file had that are not providers of this subgraph (ignored). */
  unknownProviders: string[];

  tokenFor(tenant: string, provider: ProviderName): string | undefined {
    return this.table.get(tenant)?.get(provider);
  }

  get tenantCount(): number {
    return this.table.size;
  }

  reload(): ReloadResult {
    const loaded = readTable(this.path);
    if ('error' in loaded) return { ok: false, tenants: this.table.size, error: loaded.error, unknownProviders: [] };
    this.table = loaded.table;
    this.unknownProviders = loaded.unknownProviders;
    return { ok: true, tenants: this.table.size, unknownProviders: loaded.unknownProviders };
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
