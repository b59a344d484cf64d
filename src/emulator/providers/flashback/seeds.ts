// Flashback's seeds: fixed values, so that tests and docs can name them, each with the built-in
// tenant that owns it (acme: the first writable one and the read-only one; globex: the second).
import { extraUuid, type Seed, serial, type Stored } from '../twin';
import type { FlashbackWorkspace } from './records';

export function seedFlashback(): Seed<Stored<FlashbackWorkspace>>[] {
  return [
    {
      tenant: 'acme',
      readOnly: false,
      record: {
        id: '123e4567-e89b-12d3-a456-426614174000',
        name: 'Development Workspace',
        orgId: '987fcdeb-51a2-43d1-9f12-345678901234',
      },
    },
    {
      tenant: 'globex',
      readOnly: false,
      record: {
        id: '3f2a1b4c-5d6e-4f70-8a91-b2c3d4e5f607',
        name: 'Staging Workspace',
        orgId: '987fcdeb-51a2-43d1-9f12-345678901234',
      },
    },
    {
      // Another organisation: its name may be reused in the first one.
      tenant: 'acme',
      readOnly: true,
      record: {
        id: '9b8a7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d',
        name: 'Finance Workspace',
        orgId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
      },
    },
  ];
}

/** Extra workspace `n`, from a copy of the first seed. */
export function extraFlashback(first: Stored<FlashbackWorkspace>, n: number): Stored<FlashbackWorkspace> {
  return { readOnly: false, record: { ...first.record, id: extraUuid(n), name: `Bench Workspace ${serial(n)}` } };
}
