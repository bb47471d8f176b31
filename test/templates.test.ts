/** Messages rendered from their payloads (src/integrations/templates): one set of paragraphs, three forms. */
import { describe, expect, it } from 'vitest';
import { render } from '../src/integrations/templates/templates';

const payload = {
  reference: 'CMP-2026-000123',
  link: 'https://complaints.example.org/complaints/1',
  complainantName: 'Alex Applicant',
  dueOn: '2026-11-25',
};

describe('a rendered message', () => {
  it('gives its paragraphs and link, and the text and HTML are made of exactly those', () => {
    const m = render('acknowledgement', payload);
    expect(m.paragraphs).toEqual([
      'Dear Alex Applicant,',
      'Thank you for your complaint. Its reference is CMP-2026-000123: please quote it when you contact us.',
      'We will send you our response by 2026-11-25.',
    ]);
    expect(m.link).toBe(payload.link);
    for (const p of m.paragraphs) expect(m.text).toContain(p);
    expect(m.html).toContain('<p>Dear Alex Applicant,</p>');
  });

  it('leaves out the paragraphs a payload does not fill (an extension without a reason)', () => {
    const m = render('extension', { ...payload, newDueOn: '2026-12-09' });
    expect(m.paragraphs).toEqual([
      'Dear Alex Applicant,',
      'We need more time to respond to your complaint. We will now respond by 2026-12-09.',
    ]);
  });
});
