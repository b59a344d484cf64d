// A validation failure's message, made from its field errors: one sentence after another.
import { describe, expect, it } from 'vitest';
import { failures, type FieldError } from '../../../src/domain/failures';

const invalid = (message: string): FieldError => ({ path: ['input', 'name'], code: 'INVALID', message });

describe('failures.validation', () => {
  it('joins the field errors\' sentences with a space, not "; "', () => {
    const failure = failures.validation([
      invalid('Acme Cloud workspaces have no "tags" field.'),
      invalid('The name must not be empty.'),
    ]);
    expect(failure.message).toBe('Acme Cloud workspaces have no "tags" field. The name must not be empty.');
  });

  it('ends each of several messages as a sentence; one message stays as it is', () => {
    expect(failures.validation([invalid('Invalid id: no provider'), invalid('Too long!')]).message).toBe(
      'Invalid id: no provider. Too long!',
    );
    expect(failures.validation([invalid('not a boolean')]).message).toBe('not a boolean');
  });

  it('keeps a message given explicitly', () => {
    expect(failures.validation([invalid('A.')], 'Acme Cloud refused the input: bad').message).toBe(
      'Acme Cloud refused the input: bad',
    );
  });
});
