// Vertra's seeds: fixed values, so that tests and docs can name them, each with the built-in
// tenant that owns it (acme: the first writable one and the read-only one; globex: the second).
import { type Seed, serial, type Stored } from '../twin';
import type { VertraWorkspace } from './records';

export function seedVertra(): Seed<Stored<VertraWorkspace>>[] {
  return [
    {
      // The document's example values.
      tenant: 'acme',
      readOnly: false,
      record: {
        id: 'org123',
        name: 'updatedworkspace',
        description: 'Updated description',
        tags: ['newtag', 'updated'],
        owner_id: '993591427428790342',
        created_at: '2026-03-14T19:58:00Z',
        updated_at: '2026-03-14T20:00:00Z',
        members: [{ user_id: '993591427428790342', role: 'owner', joined_at: '2026-03-14T19:58:00Z' }],
      },
    },
    {
      tenant: 'globex',
      readOnly: false,
      record: {
        id: 'org456',
        name: 'analytics',
        description: '',
        tags: [],
        owner_id: '993591427428790342',
        created_at: '2026-01-05T10:00:00Z',
        updated_at: '2026-02-11T14:30:00Z',
        members: [
          { user_id: '993591427428790342', role: 'owner', joined_at: '2026-01-05T10:00:00Z' },
          { user_id: '112233445566778899', role: 'member', joined_at: '2026-01-20T09:00:00Z' },
        ],
      },
    },
    {
      tenant: 'acme',
      readOnly: true,
      record: {
        id: 'org789',
        name: 'archived-team',
        description: 'Owned by someone else; we are a viewer',
        tags: ['legacy'],
        owner_id: '445566778899001122',
        created_at: '2025-08-01T12:00:00Z',
        updated_at: '2025-08-01T12:00:00Z',
        members: [
          { user_id: '445566778899001122', role: 'owner', joined_at: '2025-08-01T12:00:00Z' },
          { user_id: '993591427428790342', role: 'viewer', joined_at: '2025-09-01T12:00:00Z' },
        ],
      },
    },
  ];
}

/** Extra workspace `n`, from a copy of the first seed. */
export function extraVertra(first: Stored<VertraWorkspace>, n: number): Stored<VertraWorkspace> {
  return { readOnly: false, record: { ...first.record, id: `bench${serial(n)}`, name: `bench-${serial(n)}` } };
}
