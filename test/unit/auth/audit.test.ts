// The audit trail does not depend on LOG_LEVEL: every update writes its line, on the logger's
// destination and with its redaction, even when the operator turned everything else down or off.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { failures } from '../../../src/domain/failures';
import { auditUpdate } from '../../../src/server/logging/audit';
import { auditLoggerFor, createLogger } from '../../../src/server/logging/logger';
import { providerAt } from '../../providers';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, sink };
}

const caller = { subject: 'auditor-7', tenant: 'acme', scopes: new Set(['workspaces:read']) };
const request = {
  requestId: 'request-1',
  clientRequestId: 'router-7',
  caller,
  credentialOf: () => 'tenant' as const,
};
/** Three providers (any): the first's update is refused. */
const [A, B, C] = [providerAt(0), providerAt(1), providerAt(2)];
const refused = {
  id: A.writable.id,
  provider: A.provider,
  fields: ['name' as const],
  outcome: { ok: false as const, failure: failures.permissionDenied(A.provider, 'no') },
};

describe('audit lines whatever LOG_LEVEL', () => {
  it.each(['trace', 'info', 'warn', 'error', 'fatal', 'silent'])('LOG_LEVEL=%s: the audit line is written', (level) => {
    const { lines, sink } = capture();
    const logger = createLogger(level, sink);
    logger.info('an ordinary info line');
    auditUpdate(logger, request)(refused);
    const audit = lines.filter((line) => line['audit'] === true);
    expect(audit).toEqual([
      expect.objectContaining({
        audit: true,
        level: 30,
        requestId: 'request-1',
        clientRequestId: 'router-7',
        sub: 'auditor-7',
        tenant: 'acme',
        credential: 'tenant',
        workspaceId: A.writable.id,
        provider: A.provider,
        fields: ['name'],
        result: 'WorkspacePermissionDeniedError',
        service: 'workspace-subgraph',
      }),
    ]);
    // LOG_LEVEL still governs everything else.
    const ordinary = lines.filter((line) => line['msg'] === 'an ordinary info line');
    expect(ordinary).toHaveLength(['trace', 'info'].includes(level) ? 1 : 0);
  });

  it("a child logger's audit lines go to the same destination, redacted the same way", () => {
    const { lines, sink } = capture();
    const child = createLogger('silent', sink).child({ component: 'x' });
    auditLoggerFor(child).info({ audit: true, authorization: 'Bearer secret-jwt', token: 'secret-token' }, 'audit');
    expect(lines).toEqual([expect.objectContaining({ audit: true, authorization: '[redacted]', token: '[redacted]' })]);
  });
});

describe('whose credential', () => {
  it("names the provider's credential mode, null for an id that names no provider; never a token", () => {
    const { lines, sink } = capture();
    const logger = createLogger('info', sink);
    const modes: Record<string, 'caller' | 'service'> = { [A.provider]: 'caller', [B.provider]: 'service' };
    const audit = auditUpdate(logger, {
      ...request,
      clientRequestId: null,
      credentialOf: (provider) => modes[provider] ?? null,
    });
    audit(refused);
    audit({ ...refused, id: B.writable.id, provider: B.provider });
    audit({ ...refused, id: C.writable.id, provider: C.provider });
    audit({ ...refused, id: 'gitlab:x', provider: null });
    expect(lines.map((l) => [l['workspaceId'], l['credential'], l['clientRequestId']])).toEqual([
      [A.writable.id, 'caller', null],
      [B.writable.id, 'service', null],
      [C.writable.id, null, null],
      ['gitlab:x', null, null],
    ]);
  });
});

describe('an update applied against a plan', () => {
  it('names the revision it was applied at; a refused one says it was not sent, REVISION_CHANGED', () => {
    const { lines, sink } = capture();
    const audit = auditUpdate(createLogger('info', sink), request);
    audit(refused);
    audit({ ...refused, expectedRevision: 'rev-1' });
    audit({
      ...refused,
      expectedRevision: 'rev-2',
      revisionChanged: true,
      outcome: { ok: false, failure: failures.conflict(null, 'changed since the plan') },
    });
    expect(lines.map((l) => [l['expectedRevision'], l['sent'], l['code'], l['result']])).toEqual([
      [undefined, undefined, undefined, 'WorkspacePermissionDeniedError'],
      ['rev-1', undefined, undefined, 'WorkspacePermissionDeniedError'],
      ['rev-2', false, 'REVISION_CHANGED', 'WorkspaceConflictError'],
    ]);
  });
});
