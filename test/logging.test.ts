/** Logs never carry tokens or personal data (SPEC §1.14). */
import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

describe('logs', () => {
  it('redact tokens, variables, SQL parameters, personal fields and email addresses in errors', () => {
    const { logger, lines } = capture();
    logger.info({ authorization: 'Bearer eyJhbGciOi.secret', variables: { firstName: 'Robin' } }, 'request');
    logger.info(
      {
        complainant: { firstName: 'Alex', lastName: 'Applicant', email: 'alex@example.org' },
        recipientAddress: 'court@courts.example.org',
      },
      'sent',
    );
    const failed = new QueryFailedError(
      'INSERT INTO parties VALUES ($1, $2)',
      ['Alex', 'Applicant'],
      new Error('duplicate key'),
    );
    logger.error({ err: failed }, 'database error');
    logger.error({ err: new Error('550 5.1.1 <alex@example.org>: mailbox unavailable') }, 'delivery failed');
    const text = lines.join('');
    for (const secret of ['eyJhbGciOi', 'Robin', 'Alex', 'Applicant', 'alex@example.org', 'court@courts.example.org'])
      expect(text).not.toContain(secret);
    expect(text).toContain('mailbox unavailable');
    expect(text).toContain('duplicate key');
  });
});
