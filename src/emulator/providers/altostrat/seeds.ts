// Altostrat's seeds: fixed values, so that tests and docs can name them, each with the built-in
// tenant that owns it (acme: the first writable one and the read-only one; globex: the second).
import { type Seed, serial, type Stored } from '../twin';
import type { AltostratWorkspace } from './records';

export function seedAltostrat(): Seed<Stored<AltostratWorkspace>>[] {
  return [
    {
      tenant: 'acme',
      readOnly: false,
      record: {
        id: 'ws_a1b2c3d4e5f6g7h8',
        name: 'ACME Corporation',
        description: 'Primary workspace for all ACME projects.',
        billing_mode: 'pooled',
        pooled_seat_limit: 100,
        archived: false,
        created_at: '2025-10-29T00:40:06.000000Z',
        updated_at: '2025-10-29T00:40:06.000000Z',
        archived_at: null,
      },
    },
    {
      tenant: 'globex',
      readOnly: false,
      record: {
        id: 'ws_q9r8s7t6u5v4w3x2',
        name: 'Globex Labs',
        description: null,
        billing_mode: 'single',
        pooled_seat_limit: null,
        archived: false,
        created_at: '2025-11-03T14:12:45.000000Z',
        updated_at: '2026-01-08T09:00:00.000000Z',
        archived_at: null,
      },
    },
    {
      // Archived, and we are only a viewer: reads work, updates are forbidden.
      tenant: 'acme',
      readOnly: true,
      record: {
        id: 'ws_r0e1a2d3o4n5l6y7',
        name: 'Initech Legacy',
        description: 'Archived workspace',
        billing_mode: 'assigned',
        pooled_seat_limit: null,
        archived: true,
        created_at: '2024-05-17T08:00:00.000000Z',
        updated_at: '2025-01-02T12:00:00.000000Z',
        archived_at: '2025-01-02T12:00:00.000000Z',
      },
    },
  ];
}

/** Extra workspace `n`, from a copy of the first seed. */
export function extraAltostrat(first: Stored<AltostratWorkspace>, n: number): Stored<AltostratWorkspace> {
  return { readOnly: false, record: { ...first.record, id: `ws_bench${serial(n)}`, name: `Bench ${serial(n)}` } };
}
