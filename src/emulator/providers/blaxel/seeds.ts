// Blaxel's seeds: fixed values, so that tests and docs can name them, each with the built-in
// tenant that owns it (acme: the first writable one and the read-only one; globex: the second).
import { type Seed, serial, type Stored } from '../twin';
import type { BlaxelWorkspace } from './records';

export function seedBlaxel(): Seed<Stored<BlaxelWorkspace>>[] {
  return [
    {
      tenant: 'acme',
      readOnly: false,
      record: {
        createdAt: '2026-04-15T12:00:00.000Z',
        updatedAt: '2026-04-15T12:00:00.000Z',
        createdBy: 'alice@example.com',
        updatedBy: 'alice@example.com',
        accountId: 'acc-1a2b3c4d',
        displayName: 'My Workspace',
        groupMappings: [{ groupName: 'Engineering', role: 'admin' }],
        id: 'ws-7f3c9a12',
        labels: { env: 'prod' },
        name: 'my-workspace',
        region: 'us-west-2',
        runtime: { generation: 'mk3' },
        status: 'ready',
      },
    },
    {
      tenant: 'globex',
      readOnly: false,
      record: {
        createdAt: '2026-03-02T09:30:00.000Z',
        updatedAt: '2026-04-01T08:15:00.000Z',
        createdBy: 'bob@example.com',
        updatedBy: 'alice@example.com',
        accountId: 'acc-1a2b3c4d',
        displayName: 'Staging',
        groupMappings: [],
        id: 'ws-2b8d4e61',
        labels: { env: 'staging', team: 'platform' },
        name: 'staging',
        region: 'eu-west-1',
        runtime: { generation: 'mk2' },
        status: 'error',
        statusReason: 'Account billing is not configured',
      },
    },
    {
      tenant: 'acme',
      readOnly: true,
      record: {
        createdAt: '2025-11-20T16:45:00.000Z',
        updatedAt: '2025-12-01T10:00:00.000Z',
        createdBy: 'carol@example.com',
        updatedBy: 'carol@example.com',
        accountId: 'acc-9f8e7d6c',
        displayName: 'Locked Workspace',
        groupMappings: [{ groupName: 'Auditors', role: 'viewer' }],
        id: 'ws-9a1c5f30',
        labels: {},
        name: 'locked-workspace',
        region: 'us-east-1',
        runtime: { generation: 'mk3' },
        status: 'ready',
      },
    },
  ];
}

/** Extra workspace `n`, from a copy of the first seed. */
export function extraBlaxel(first: Stored<BlaxelWorkspace>, n: number): Stored<BlaxelWorkspace> {
  return {
    readOnly: false,
    record: {
      ...first.record,
      id: `ws-bench${serial(n)}`,
      name: `bench-${serial(n)}`,
      displayName: `Bench ${serial(n)}`,
    },
  };
}
