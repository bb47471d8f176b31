/** Letters and messages rendered from their payloads (src/integrations/templates). */
import { describe, expect, it } from 'vitest';
import { letter, render } from '../src/integrations/templates/templates';

const payload = {
  reference: 'CMP-2026-000123',
  link: 'https://complaints.example.org/complaints/1',
  complainantName: 'Alex Applicant',
  dueOn: '2026-11-25',
};

describe('a printed letter', () => {
  it('puts the address block first, line by line, escaped as text', () => {
    const html = letter('1 High Street, Townley\nAB1 2CD', render('acknowledgement', payload));
    expect(html).toContain('<address>1 High Street<br>Townley<br>AB1 2CD</address>');
    expect(html).toContain('CMP-2026-000123');
  });

  it("keeps characters that a replacement pattern would expand ($&, $', $`) as they are", () => {
    const html = letter("Flat $& 2, Quay $' Road\nTown $`", render('acknowledgement', payload));
    expect(html).toContain('<address>Flat $&amp; 2<br>Quay $&#39; Road<br>Town $`</address>');
    expect(html.match(/<body/g)).toHaveLength(1);
  });
});
