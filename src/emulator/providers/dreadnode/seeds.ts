// Dreadnode's seeds: fixed values, so that tests and docs can name them, each with the built-in
// tenant that owns it (acme: the first writable one and the read-only one; globex: the second).
import { extraUuid, type Seed, serial } from '../twin';
import type { StoredDreadnode } from './records';

const ACME_ORG_ID = '5b0c9a6e-2f4d-4c1b-9e7a-3d8f1a2b4c6d';

export function seedDreadnode(): Seed<StoredDreadnode>[] {
  const common = { org_id: ACME_ORG_ID, org_name: 'Acme', created_by: 'a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d' };
  return [
    {
      org: 'acme',
      tenant: 'acme',
      readOnly: false,
      record: {
        ...common,
        created_at: '2026-04-15T12:00:00Z',
        description: 'Research experiments',
        id: '0f9e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c',
        is_active: true,
        is_default: true,
        key: 'research',
        name: 'Research',
        project_count: 3,
        updated_at: '2026-04-15T12:00:00Z',
      },
    },
    {
      org: 'acme',
      tenant: 'globex',
      readOnly: false,
      record: {
        ...common,
        created_at: '2026-02-10T08:00:00Z',
        description: null,
        id: '7a6b5c4d-3e2f-4a1b-8c9d-e0f1a2b3c4d5',
        is_active: true,
        is_default: false,
        key: 'platform',
        name: 'Platform',
        project_count: 0,
        updated_at: '2026-03-01T17:20:00Z',
      },
    },
    {
      org: 'acme',
      tenant: 'acme',
      readOnly: true,
      record: {
        ...common,
        created_at: '2025-06-01T00:00:00Z',
        description: 'Archived projects (read-only)',
        id: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
        is_active: false,
        is_default: false,
        key: 'archive',
        name: 'Archive',
        project_count: 12,
        updated_at: '2025-12-31T23:59:59Z',
      },
    },
  ];
}

/** Extra workspace `n`, from a copy of the first seed. */
export function extraDreadnode(first: StoredDreadnode, n: number): StoredDreadnode {
  return {
    org: first.org,
    readOnly: false,
    record: {
      ...first.record,
      id: extraUuid(n),
      key: `bench-${serial(n)}`,
      name: `Bench ${serial(n)}`,
      is_default: false,
    },
  };
}
