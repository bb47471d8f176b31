/** Where a provider's webhooks may go (src/domain/webhook-endpoint.ts), table by table. */
import { describe, expect, it } from 'vitest';
import { WEBHOOK_URL_MAX, webhookUrlProblem } from '../src/domain/webhook-endpoint';

describe('a webhook endpoint URL', () => {
  it.each([
    ['https://partner.example.org/hooks', false, null],
    ['https://partner.example.org/hooks', true, null],
    ['https://partner.example.org:8443/hooks?tenant=7', true, null],
    ['http://127.0.0.1:9000/hooks', false, null],
    ['http://partner.example.org/hooks', true, 'the URL must be https in production'],
    ['ftp://partner.example.org/hooks', false, 'the URL must be https'],
    ['partner.example.org/hooks', false, 'not an absolute URL'],
    ['', false, 'the URL is empty'],
    ['   ', false, 'the URL is empty'],
    ['https://partner.example.org/my hooks', false, 'the URL contains whitespace'],
    ['https://user:secret@partner.example.org/hooks', false, 'the URL must not carry a user name or password'],
    ['https://token@partner.example.org/hooks', false, 'the URL must not carry a user name or password'],
    ['https://partner.example.org/hooks#part', false, 'the URL must not have a fragment (#…)'],
    [
      `https://partner.example.org/${'a'.repeat(WEBHOOK_URL_MAX)}`,
      false,
      `the URL is longer than ${WEBHOOK_URL_MAX} characters`,
    ],
  ])('%s (production %s): %s', (url, production, problem) => {
    expect(webhookUrlProblem(url, production)).toBe(problem);
  });
});
