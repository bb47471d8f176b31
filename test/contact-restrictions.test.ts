/**
 * Contact restrictions (SPEC §1.11, §4): the complainant is told what is limited, why and until when when
 * one is recorded, reviewed or lifted (by email, else by letter); on the review date the CST managers are
 * reminded by a delayed job that does nothing once the restriction is lifted or its review date moved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/domain/enums';
import { render } from '../src/integrations/templates/templates';
import { systemWrite } from '../src/services/mutation';
import { startSmtpPeer, type SmtpPeer } from './fixtures/peers';
import { createWorld, type World } from './fixtures/procedure';
import { pdfText } from './fixtures/pdf';
import { waitUntil } from './fixtures/wait';

// The world's clock: the end-to-end reminder test moves it to the review date.
const NOW = new Date('2026-11-04T15:00:00Z'); // Wednesday 4 November 2026
const clock = new Date(NOW);
let w: World;
let smtp: SmtpPeer;

const RESTRICT = `mutation ($input: RestrictContactInput!) { restrictContact(input: $input) {
  contactRestriction { id restriction reason reviewOn status liftedAt liftReason } errors { code field message } } }`;
const REVIEW = `mutation ($input: ReviewContactRestrictionInput!) { reviewContactRestriction(input: $input) {
  contactRestriction { id reviewOn reviewedAt reviewNote status } errors { code field message } } }`;
const LIFT = `mutation ($input: LiftContactRestrictionInput!) { liftContactRestriction(input: $input) {
  contactRestriction { id status liftedAt liftReason liftedBy { lastName } } errors { code field message } } }`;

beforeAll(async () => {
  smtp = await startSmtpPeer();
  w = await createWorld(clock, { WORKERS: 'on', SMTP_URL: smtp.url });
});

afterAll(async () => {
  await w?.stop();
  await smtp?.stop();
});

let people = 0;
/** A complainant of their own (a party of the case) with one complaint: email, or only a postal address. */
async function complainant(contact: { email?: string; address?: string }) {
  people += 1;
  const name = { firstName: 'Casey', lastName: `Caller${people}` };
  const party = await w.f.party(w.kase.id, name);
  const c = await w.recordAdult({ complainant: { kind: 'ADULT_PARTY', ...name, partyId: party.id, ...contact } });
  const [{ id }] = await w.db.dataSource.query('SELECT complainant_id AS id FROM complaints WHERE id = $1', [c.id]);
  return { complaint: c, id: id as string, name: `${name.firstName} ${name.lastName}` };
}

const restriction = (complainantId: string, reviewOn = '2027-02-01') => ({
  complainantId,
  restriction: 'One phone call a week, to the named officer',
  reason: 'Daily calls to several teams kept them from other complainants',
  reviewOn,
});

/** The notification rows of a template, oldest first, with their payloads. */
function rows(template: string) {
  return w.db.dataSource.query(
    `SELECT id, complaint_id AS "complaintId", recipient_kind AS "recipientKind", recipient_id AS "recipientId",
            recipient_address AS "to", channel, idempotency_key AS key, payload, status, letter_file AS "letterFile"
       FROM notifications WHERE template = $1 ORDER BY created_at, idempotency_key`,
    [template],
  );
}

function reviewJobs(restrictionId: string) {
  return w.db.dataSource.query(
    `SELECT data, start_after AS "startAfter", state FROM pgboss.job
      WHERE name = 'contact-restriction-review' AND data->>'restrictionId' = $1 ORDER BY start_after`,
    [restrictionId],
  );
}

/** Fires a review job as the worker would, on `today` at 08:00 London (winter: UTC). */
const fire = (today: string, job: { restrictionId: string; reviewOn: string }) =>
  w.db.dataSource.transaction((tx) =>
    w.gw.services.contactRestrictions.fireReview(
      systemWrite(tx, () => new Date(`${today}T08:00:00Z`), w.gw.workers.queue, w.gw.config),
      job,
    ),
  );

describe('restricting contact', () => {
  it('tells the complainant by email what is limited, why and until when, and schedules the review', async () => {
    const who = await complainant({ email: 'casey.caller@example.org' });
    // Refused input changes nothing: no restriction, no message, no job.
    const empty = await w.mutate(RESTRICT, { ...restriction(who.id), reason: ' ' }, w.tokens.manager);
    expect(empty.errors).toEqual([{ code: 'INVALID', field: 'input.reason', message: expect.any(String) }]);
    expect(await rows('contact-restricted')).toEqual([]);

    const made = await w.mutate(RESTRICT, restriction(who.id), w.tokens.manager);
    expect(made.errors).toEqual([]);
    const id = made.contactRestriction.id;
    expect(made.contactRestriction).toMatchObject({ status: 'IN_FORCE', liftedAt: null, reviewOn: '2027-02-01' });

    const [n] = await rows('contact-restricted');
    // With the complainant's latest complaint: its link, and the letters sent kept as its documents.
    expect(n).toMatchObject({
      complaintId: who.complaint.id,
      recipientKind: 'COMPLAINANT',
      recipientId: who.id,
      to: 'casey.caller@example.org',
      channel: 'EMAIL',
      key: `contact-restricted:${id}:complainant:${who.id}`,
    });
    expect(n.payload).toEqual({
      reference: who.complaint.reference,
      link: `https://complaints.example.org/complaints/${who.complaint.reference}`,
      dueOn: null,
      complainantName: who.name,
      restriction: 'One phone call a week, to the named officer',
      reason: 'Daily calls to several teams kept them from other complainants',
      reviewOn: '2027-02-01',
      effect: {},
    });

    // Delivered to a real SMTP peer, saying what is limited, why and until when.
    const mail = (await waitUntil(
      'the restriction notice to arrive',
      async () => smtp.received.find((m) => m.to === 'casey.caller@example.org' && m.subject.includes('Limits')),
      (m) => m !== undefined,
    ))!;
    expect(mail.subject).toBe('Limits on your contact with us');
    expect(mail.messageId).toBe(`<${n.id}@complaints-gateway>`);
    expect(mail.text).toContain(`Dear ${who.name},`);
    expect(mail.text).toContain('What is limited: One phone call a week, to the named officer');
    expect(mail.text).toContain('Why: Daily calls to several teams kept them from other complainants');
    expect(mail.text).toContain('Until when: we will review this decision on 2027-02-01');
    expect(mail.html).toContain('What is limited: One phone call a week, to the named officer');

    // The review reminder waits for 07:00 London on the review date, carrying ids only.
    const jobs = await reviewJobs(id);
    expect(jobs.map((j: any) => [j.data, j.startAfter.toISOString()])).toEqual([
      [{ restrictionId: id, reviewOn: '2027-02-01' }, '2027-02-01T07:00:00.000Z'],
    ]);
  });

  it('sends a printable letter to a complainant without email', async () => {
    const who = await complainant({ address: '4 Mill Lane, Coventry, CV2 2BB' });
    const made = await w.mutate(RESTRICT, restriction(who.id), w.tokens.manager);
    const key = `contact-restricted:${made.contactRestriction.id}:complainant:${who.id}`;
    const letter = await waitUntil(
      'the restriction letter to wait for the post',
      async () => (await rows('contact-restricted')).find((r: any) => r.key === key),
      (r) => r?.status === 'AWAITING_POST',
    );
    expect(letter).toMatchObject({ channel: 'POST', to: '4 Mill Lane, Coventry, CV2 2BB' });
    // The letter is a PDF kept with the complainant's latest complaint (issue 16).
    const [pdf] = await w.db.dataSource.query(
      `SELECT d.complaint_id AS "complaintId", dc.content FROM documents d
         JOIN document_contents dc ON dc.document_id = d.id WHERE d.notification_id = $1`,
      [letter.id],
    );
    expect(pdf.complaintId).toBe(who.complaint.id);
    const text = (await pdfText(pdf.content)).replace(/\s+/g, ' ');
    expect(text).toContain('4 Mill Lane');
    expect(text).toContain('What is limited: One phone call a week, to the named officer');
    expect(text).toContain('we will review this decision on 2027-02-01');
  });
});

describe('the review date', () => {
  it('reminds every CST manager on the day, once, with a reference, what to do and a link only', async () => {
    const second = await w.f.staff({ role: Role.CST_MANAGER, lastName: 'Deputy' });
    // A CST manager who has left is told nothing.
    await w.f.staff({ role: Role.CST_MANAGER, lastName: 'Leaver', active: false });
    const who = await complainant({ email: 'review.due@example.org' });
    const made = await w.mutate(RESTRICT, restriction(who.id, '2026-11-20'), w.tokens.manager);
    const id = made.contactRestriction.id;
    const job = { restrictionId: id, reviewOn: '2026-11-20' };
    const mine = async () => (await rows('contact-restriction-review-due')).filter((r: any) => r.key.includes(id));

    expect(await fire('2026-11-19', job)).toBe(false); // not yet the day
    expect(await fire('2026-11-20', job)).toBe(true);
    expect(await fire('2026-11-20', job)).toBe(true); // fired twice, sent once
    const sent = await mine();
    expect(sent.map((r: any) => [r.to, r.key, r.complaintId])).toEqual(
      [w.cstManager, second]
        .map((m) => [m.email, `contact-restriction-review:${id}:2026-11-20:staff:${m.id}`, null])
        .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
    // Nothing of the restriction's text or the complainant's name: the reference, what to do, the date, a link.
    expect(sent[0].payload).toEqual({
      reference: who.complaint.reference,
      link: `https://complaints.example.org/complaints/${who.complaint.reference}`,
      action: 'Review the restriction: keep it with a new review date, or lift it.',
      dueOn: '2026-11-20',
      effect: {},
    });
    const text = render('contact-restriction-review-due', sent[0].payload).text;
    expect(text).toContain(`A restriction on contact with a complainant (complaint ${who.complaint.reference})`);
    expect(text).not.toContain('phone call');
    expect(text).not.toContain('Caller');
  });

  it('moves when the restriction is reviewed: the complainant is told the new date, the old reminder does nothing', async () => {
    const who = await complainant({ email: 'reviewed@example.org' });
    const made = await w.mutate(RESTRICT, restriction(who.id, '2026-12-01'), w.tokens.manager);
    const id = made.contactRestriction.id;
    const input = { restrictionId: id, reviewOn: '2027-03-01', note: 'Calls are fewer but still daily' };

    expect((await w.gw.query(REVIEW, { input }, w.tokens.officer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = [
      [{ ...input, reviewOn: '2026-11-04' }, 'input.reviewOn'], // not after today
      [{ ...input, reviewOn: '2026-12-01' }, 'input.reviewOn'], // the date it already has
      [{ ...input, note: '' }, 'input.note'],
    ] as const;
    for (const [value, field] of bad)
      expect((await w.mutate(REVIEW, value, w.tokens.manager)).errors).toMatchObject([{ code: 'INVALID', field }]);
    expect(
      (await w.mutate(REVIEW, { ...input, restrictionId: '6a1f0c43-0f1e-4a59-9a53-000000000000' }, w.tokens.manager))
        .errors,
    ).toMatchObject([{ code: 'NOT_FOUND', field: 'input.restrictionId' }]);

    const reviewed = await w.mutate(REVIEW, input, w.tokens.manager);
    expect(reviewed.errors).toEqual([]);
    expect(reviewed.contactRestriction).toMatchObject({
      reviewOn: '2027-03-01',
      reviewedAt: NOW.toISOString(),
      reviewNote: 'Calls are fewer but still daily',
      status: 'IN_FORCE',
    });
    const [told] = (await rows('contact-restriction-reviewed')).filter((r: any) => r.recipientId === who.id);
    expect(told).toMatchObject({ to: 'reviewed@example.org', channel: 'EMAIL' });
    expect(told.payload).toMatchObject({ reviewOn: '2027-03-01', previousReviewOn: '2026-12-01' });
    // The reviewer's note is internal: not in what the complainant is sent.
    expect(JSON.stringify(told.payload)).not.toContain('still daily');
    const text = render('contact-restriction-reviewed', told.payload).text;
    expect(text).toContain('we will review this decision again on 2027-03-01 (not 2026-12-01 as we told you before)');

    const [{ action, change }] = await w.db.dataSource.query(
      `SELECT action, change FROM audit_events WHERE entity_id = $1 AND action LIKE '%reviewed'`,
      [id],
    );
    expect([action, change.reviewOn]).toEqual([
      'contact-restriction.reviewed',
      { from: '2026-12-01', to: '2027-03-01' },
    ]);

    expect((await reviewJobs(id)).map((j: any) => j.data.reviewOn)).toEqual(['2026-12-01', '2027-03-01']);
    expect(await fire('2026-12-01', { restrictionId: id, reviewOn: '2026-12-01' })).toBe(false);
    expect(await fire('2027-03-01', { restrictionId: id, reviewOn: '2027-03-01' })).toBe(true);
    const reminded = (await rows('contact-restriction-review-due')).filter((r: any) => r.key.includes(id));
    // One per CST manager, all for the new date: none for the old one.
    expect([...new Set(reminded.map((r: any) => r.payload.dueOn))]).toEqual(['2027-03-01']);
    expect(reminded.map((r: any) => r.to)).toContain(w.cstManager.email);
  });
});

describe('lifting a restriction', () => {
  it('ends it, audited; the complainant is told; twice is a conflict; its reminder then does nothing', async () => {
    const who = await complainant({ email: 'lifted@example.org' });
    const kept = await w.mutate(RESTRICT, { ...restriction(who.id), restriction: 'Email only' }, w.tokens.manager);
    const made = await w.mutate(RESTRICT, restriction(who.id, '2026-11-30'), w.tokens.manager);
    const id = made.contactRestriction.id;
    const input = { restrictionId: id, reason: 'Contact has been reasonable for a month' };

    expect((await w.gw.query(LIFT, { input }, w.tokens.officer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await w.mutate(LIFT, { ...input, reason: '' }, w.tokens.manager)).errors).toMatchObject([
      { code: 'INVALID', field: 'input.reason' },
    ]);
    expect((await w.mutate(LIFT, { ...input, restrictionId: 'nothing' }, w.tokens.manager)).errors).toMatchObject([
      { code: 'NOT_FOUND', field: 'input.restrictionId' },
    ]);

    const lifted = await w.mutate(LIFT, input, w.tokens.manager);
    expect(lifted).toEqual({
      contactRestriction: {
        id,
        status: 'LIFTED',
        liftedAt: NOW.toISOString(),
        liftReason: 'Contact has been reasonable for a month',
        liftedBy: { lastName: 'Lead' },
      },
      errors: [],
    });
    const again = await w.mutate(LIFT, input, w.tokens.manager);
    expect(again.errors).toEqual([
      { code: 'CONFLICT', field: 'input.restrictionId', message: 'the restriction was lifted on 2026-11-04' },
    ]);
    expect(
      (await w.mutate(REVIEW, { restrictionId: id, reviewOn: '2027-01-04', note: 'x' }, w.tokens.manager)).errors,
    ).toMatchObject([{ code: 'CONFLICT', field: 'input.restrictionId' }]);

    const events = await w.db.dataSource.query(
      `SELECT action, actor_role AS role, change FROM audit_events WHERE entity_id = $1 ORDER BY sequence`,
      [id],
    );
    expect(events.map((e: any) => e.action)).toEqual(['contact.restricted', 'contact-restriction.lifted']);
    expect(events[1]).toMatchObject({
      role: 'CST_MANAGER',
      change: { liftedAt: { from: null, to: NOW.toISOString() }, liftedById: { from: null, to: w.cstManager.id } },
    });

    const told = (await rows('contact-restriction-lifted')).filter((r: any) => r.recipientId === who.id);
    expect(told.map((r: any) => [r.to, r.key])).toEqual([
      ['lifted@example.org', `contact-restriction-lifted:${id}:complainant:${who.id}`],
    ]);
    const mail = (await waitUntil(
      'the notice that the restriction is lifted to arrive',
      async () => smtp.received.find((m) => m.to === 'lifted@example.org' && m.subject.includes('ended')),
      (m) => m !== undefined,
    ))!;
    expect(mail.text).toContain('We have lifted the limits on our communication with you');
    expect(mail.text).toContain('Why: Contact has been reasonable for a month');

    expect(await fire('2026-11-30', { restrictionId: id, reviewOn: '2026-11-30' })).toBe(false);
    expect((await rows('contact-restriction-review-due')).filter((r: any) => r.key.includes(id))).toEqual([]);

    // The complainant's restrictions: all of them, each with where it stands, oldest first.
    const shown = await w.gw.query(
      `query ($id: ID) { complaint(id: $id) { complainant { contactRestrictions { restriction status liftReason } } } }`,
      { id: who.complaint.id },
      w.tokens.officer,
    );
    expect(shown.data.complaint.complainant.contactRestrictions).toEqual([
      { restriction: 'Email only', status: 'IN_FORCE', liftReason: null },
      {
        restriction: 'One phone call a week, to the named officer',
        status: 'LIFTED',
        liftReason: 'Contact has been reasonable for a month',
      },
    ]);
    expect(kept.contactRestriction.status).toBe('IN_FORCE');
  });
});

describe('the review job through the workers', () => {
  // Last in the file: it moves the world's clock to the review date.
  it('reminds the CST managers when its time comes, and sends nothing for a restriction lifted meanwhile', async () => {
    const who = await complainant({ email: 'worker.review@example.org' });
    const standing = (await w.mutate(RESTRICT, restriction(who.id, '2026-12-14'), w.tokens.manager)).contactRestriction;
    const lifted = (await w.mutate(RESTRICT, restriction(who.id, '2026-12-14'), w.tokens.manager)).contactRestriction;
    await w.mutate(LIFT, { restrictionId: lifted.id, reason: 'Made in error' }, w.tokens.manager);

    // The review day comes: the clock moves to it and the jobs' time is brought forward to now.
    clock.setTime(new Date('2026-12-14T08:00:00Z').getTime());
    await w.db.dataSource.query(
      `UPDATE pgboss.job SET start_after = now() WHERE name = 'contact-restriction-review' AND data->>'restrictionId' = ANY($1)`,
      [[standing.id, lifted.id]],
    );
    const done = await waitUntil(
      'both review jobs to run',
      async () => [...(await reviewJobs(standing.id)), ...(await reviewJobs(lifted.id))].map((j: any) => j.state),
      (states) => states.length === 2 && states.every((s) => s === 'completed'),
    );
    expect(done).toEqual(['completed', 'completed']);
    const reminders = await rows('contact-restriction-review-due');
    expect(reminders.filter((r: any) => r.key.includes(lifted.id))).toEqual([]);
    const subject = `Contact restriction due for review: complaint ${who.complaint.reference}`;
    const mail = (await waitUntil(
      'the review reminder to reach the CST manager',
      async () => smtp.received.find((m) => m.to === w.cstManager.email && m.subject === subject),
      (m) => m !== undefined,
    ))!;
    expect(mail.text).toContain('is due for review on 2026-12-14');
    expect(mail.text).toContain(`https://complaints.example.org/complaints/${who.complaint.reference}`);
    expect(mail.text).not.toContain('phone call');
  });
});
