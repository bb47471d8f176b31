/**
 * Letters as documents (issue 16), through the graph, a real SMTP peer and HTTP: every letter to a
 * complainant is a PDF kept as the complaint's Document (who, when, how, SHA-256, the bytes); a POST
 * letter waits AWAITING_POST with its PDF, an email carries it as an attachment with the same digest;
 * `GET /documents/:id` serves it to those who read the complaint, audited, and to nobody else; a
 * retried delivery keeps no second document; retention deletes the bytes unless a legal hold keeps them.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/domain/enums';
import { RetentionService } from '../src/services/retention.service';
import { startSmtpPeer, type SmtpPeer } from './fixtures/peers';
import { pdfText } from './fixtures/pdf';
import { createWorld, type World } from './fixtures/procedure';
import { waitUntil } from './fixtures/wait';

const NOW = new Date('2026-11-04T15:00:00Z');
const LATER = new Date('2032-11-06T03:00:00Z'); // past the six years of retention
const LETTERHEAD = {
  name: 'Family Court Advice Service',
  address: 'Customer Service Team|PO Box 7000|Coventry CV1 9ZZ',
};
let w: World;
let smtp: SmtpPeer;

beforeAll(async () => {
  smtp = await startSmtpPeer();
  w = await createWorld(NOW, {
    WORKERS: 'on',
    SMTP_URL: smtp.url,
    LETTERHEAD_NAME: LETTERHEAD.name,
    LETTERHEAD_ADDRESS: LETTERHEAD.address,
  });
});

afterAll(async () => {
  await w?.stop();
  await smtp?.stop();
});

const DOCUMENT_FIELDS = `id template channel recipientKind recipientId contentType filename size sha256 createdAt contentDeletedAt downloadUrl`;

async function complaintOf(id: string, token = w.tokens.manager) {
  const r = await w.gw.query(
    `query ($id: ID) { complaint(id: $id) { reference complainant { id }
       documents { ${DOCUMENT_FIELDS} }
       notifications { id template channel status document { id } }
       auditTrail { action entityId actorId actorRole } } }`,
    { id },
    token,
  );
  expect(r.errors).toBeUndefined();
  return r.data.complaint;
}

/** The complaint once its acknowledgement has gone (to the peer, or to AWAITING_POST) and its letter is kept. */
function settled(id: string) {
  return waitUntil(
    'the acknowledgement to be delivered and its letter kept',
    () => complaintOf(id),
    (c) =>
      c.documents.length > 0 &&
      c.notifications.some((n: any) => n.template === 'acknowledgement' && n.status !== 'PENDING'),
  );
}

/** `GET /documents/:id` on the gateway, as a client does with its bearer token. */
async function download(id: string, token?: string) {
  const base = w.gw.gateway.url.replace(/\/graphql$/, '');
  const response = await fetch(`${base}/documents/${id}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const words = (s: string) => s.replace(/\s+/g, ' ');
const downloads = (c: { auditTrail: { action: string; actorRole: string | null }[] }) =>
  c.auditTrail.filter((e) => e.action === 'document.downloaded');

async function recordFor(firstName: string, contact: Record<string, string>) {
  const party = await w.f.party(w.kase.id, { firstName, lastName: 'Letters' });
  return w.recordAdult({
    complainant: { kind: 'ADULT_PARTY', firstName, lastName: 'Letters', partyId: party.id, ...contact },
  });
}

describe('a letter by post', () => {
  it('is a PDF kept as the complaint’s document, waiting AWAITING_POST, downloadable and audited', async () => {
    const c = await recordFor('Paper', { address: '12 High Street, Coventry, CV1 1AA' });
    const state = await settled(c.id);
    const ack = state.notifications.find((n: any) => n.template === 'acknowledgement');
    expect(ack).toMatchObject({ channel: 'POST', status: 'AWAITING_POST' });
    expect(state.documents).toHaveLength(1);
    const [doc] = state.documents;
    expect(doc).toMatchObject({
      template: 'acknowledgement',
      channel: 'POST',
      recipientKind: 'COMPLAINANT',
      recipientId: state.complainant.id,
      contentType: 'application/pdf',
      filename: `${c.reference}-acknowledgement.pdf`,
      contentDeletedAt: null,
      downloadUrl: `https://complaints.example.org/documents/${doc.id}`,
    });
    expect(ack.document).toEqual({ id: doc.id });

    const before = downloads(state).length;
    const got = await download(doc.id, w.tokens.officer);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename="${c.reference}-acknowledgement.pdf"`);
    expect(got.headers.get('cache-control')).toBe('no-store');
    expect(got.body.length).toBe(doc.size);
    expect(sha256(got.body)).toBe(doc.sha256);
    const text = words(await pdfText(got.body));
    for (const line of [LETTERHEAD.name, ...LETTERHEAD.address.split('|')]) expect(text).toContain(line);
    for (const line of ['Paper Letters', '12 High Street', 'Coventry', 'CV1 1AA']) expect(text).toContain(line);
    expect(text).toContain(`Our reference: ${c.reference}`);
    expect(text).toContain('Date: 4 November 2026');
    expect(text).toContain(`Thank you for your complaint. Its reference is ${c.reference}: please quote it`);
    expect(text).toContain('Page 1 of 1');

    const after = await complaintOf(c.id);
    expect(downloads(after).slice(before)).toEqual([
      { action: 'document.downloaded', entityId: doc.id, actorId: w.officer.id, actorRole: 'CST_OFFICER' },
    ]);

    // Posting it completes the acknowledgement; the document stays as it was.
    const posted = await w.mutate(
      `mutation ($input: RecordLetterPostedInput!) { recordLetterPosted(input: $input) { notification { status } errors { code } } }`,
      { notificationId: ack.id },
    );
    expect(posted.notification.status).toBe('SENT');
    expect((await complaintOf(c.id)).documents).toEqual([doc]);
  });
});

describe('a letter by email', () => {
  it('rides on the email as a PDF whose digest is the document’s; a delivery made again keeps no second one', async () => {
    const c = await recordFor('Mailed', { email: 'mailed.letters@example.org' });
    const state = await settled(c.id);
    const [doc] = state.documents;
    expect(state.documents).toHaveLength(1);
    expect(doc).toMatchObject({ template: 'acknowledgement', channel: 'EMAIL', recipientKind: 'COMPLAINANT' });
    const subject = `We have received your complaint (${c.reference})`;
    const mail = smtp.received.find((m) => m.subject === subject)!;
    expect(mail.to).toBe('mailed.letters@example.org');
    expect(mail.attachments).toHaveLength(1);
    const [attachment] = mail.attachments;
    expect(attachment).toMatchObject({ filename: doc.filename, contentType: 'application/pdf' });
    expect(sha256(attachment.content)).toBe(doc.sha256);
    expect(attachment.content.length).toBe(doc.size);
    const text = words(await pdfText(attachment.content));
    expect(text).toContain('By email to mailed.letters@example.org');
    expect(text).toContain(`Our reference: ${c.reference}`);
    // The same paragraphs as the email's text.
    expect(mail.text).toContain(`Thank you for your complaint. Its reference is ${c.reference}`);
    expect(text).toContain(`Thank you for your complaint. Its reference is ${c.reference}`);

    // Delivered again (a retry after a failure), it is sent again and the document is still the one.
    const ack = state.notifications.find((n: any) => n.template === 'acknowledgement');
    await w.db.dataSource.query(`UPDATE notifications SET status = 'FAILED' WHERE id = $1`, [ack.id]);
    const retried = await w.mutate(
      `mutation ($input: RetryNotificationInput!) { retryNotification(input: $input) { notification { status } errors { code } } }`,
      { notificationId: ack.id },
      w.tokens.manager,
    );
    expect(retried.errors).toEqual([]);
    await waitUntil(
      'the acknowledgement to be sent a second time',
      () => smtp.received.filter((m) => m.subject === subject).length,
      (n) => n === 2,
    );
    const again = await waitUntil(
      'the retried notification to be recorded',
      () => complaintOf(c.id),
      (s) => s.notifications.find((n: any) => n.id === ack.id).status === 'SENT',
    );
    expect(again.documents).toEqual([doc]);
    const [{ n }] = await w.db.dataSource.query(
      'SELECT count(*)::int AS n FROM document_contents dc JOIN documents d ON d.id = dc.document_id WHERE d.complaint_id = $1',
      [c.id],
    );
    expect(n).toBe(1);
  });
});

describe('every message to the complainant', () => {
  it('is a letter, whatever its template (triage: not accepted, by post), and no message to anyone else is', async () => {
    const c = await recordFor('Triaged', { address: '8 Canal Side, Nuneaton, CV10 0AA' });
    await settled(c.id);
    await w.mutate(
      `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { errors { message } } }`,
      {
        complaintId: c.id,
        outcome: 'NOT_ACCEPTED',
        notAcceptedReason: 'COURT_DECISION',
        explanation: 'You can appeal the order.',
      },
    );
    const state = await waitUntil(
      'the triage letter to be kept',
      () => complaintOf(c.id),
      (s) => s.documents.length === 2,
    );
    // (The test's clock is fixed: both letters bear the same time, so their order is the ids'.)
    expect(state.documents.map((d: any) => `${d.template} ${d.channel} ${d.recipientKind}`).sort()).toEqual([
      'acknowledgement POST COMPLAINANT',
      'not-accepted POST COMPLAINANT',
    ]);
    const triaged = state.documents.find((d: any) => d.template === 'not-accepted');
    const letter = await download(triaged.id, w.tokens.officer);
    const text = words(await pdfText(letter.body));
    expect(text).toContain('You can appeal the order.');
    expect(text).toContain(`Your complaint ${c.reference}`);
    // Messages to staff, courts and providers are not letters: only the complainant's are kept.
    const [{ n }] = await w.db.dataSource.query(
      `SELECT count(*)::int AS n FROM documents WHERE recipient_kind <> 'COMPLAINANT'`,
    );
    expect(n).toBe(0);
  });
});

describe('who may download', () => {
  it('serves whoever reads the complaint; refuses partners (403) and rows out of scope (404), unaudited', async () => {
    const c = await recordFor('Scoped', { address: '3 Mill Lane, Rugby, CV21 2AA' });
    const [doc] = (await settled(c.id)).documents;
    const before = downloads(await complaintOf(c.id)).length;
    const otherPractitioner = await w.f.staff({ lastName: 'Elsewhere' });
    const otherLineManager = await w.f.staff({ role: Role.LINE_MANAGER, lastName: 'Otherline' });
    const refusals: [string, string | undefined, number][] = [
      ['no token', undefined, 401],
      ['a provider', await w.gw.token(Role.PROVIDER, w.provider.id), 403],
      ['the HR system', await w.gw.token(Role.HR_SYSTEM, 'hr-system'), 403],
      ['an analyst', await w.gw.token(Role.ANALYST, (await w.f.staff({ role: Role.ANALYST })).id), 403],
      ['a practitioner of another case', await w.gw.token(Role.PRACTITIONER, otherPractitioner.id), 404],
      ['a line manager of other staff', await w.gw.token(Role.LINE_MANAGER, otherLineManager.id), 404],
    ];
    for (const [who, token, status] of refusals) {
      const r = await download(doc.id, token);
      expect([who, r.status]).toEqual([who, status]);
      expect(r.headers.get('content-type')).toBe('application/json');
      expect(r.body.toString()).not.toContain('%PDF');
    }
    // Unknown and malformed ids are the same 404 as a document out of scope.
    expect((await download('6d0b8a8e-0000-4000-8000-000000000000', w.tokens.officer)).status).toBe(404);
    expect((await download('not-a-uuid', w.tokens.officer)).status).toBe(404);
    // In the graph too: out of scope the complaint is null; a partner's role is refused.
    const elsewhere = await w.gw.query(
      `query ($id: ID) { complaint(id: $id) { documents { id } } }`,
      { id: c.id },
      refusals[4][1],
    );
    expect(elsewhere.data.complaint).toBeNull();
    expect(downloads(await complaintOf(c.id))).toHaveLength(before);

    // The case's practitioner and the line manager of the staff complained about read it (SPEC §3).
    for (const token of [w.tokens.practitioner, w.tokens.lineManager, w.tokens.head, w.tokens.manager]) {
      const r = await download(doc.id, token);
      expect(r.status).toBe(200);
      expect(sha256(r.body)).toBe(doc.sha256);
    }
    const trail = downloads(await complaintOf(c.id)).slice(before);
    expect(trail.map((e) => e.actorRole)).toEqual(['PRACTITIONER', 'LINE_MANAGER', 'SENIOR_MANAGER', 'CST_MANAGER']);
  });
});

describe('retention', () => {
  it('deletes the bytes of an anonymised complaint’s letters, keeping the row and digest; a legal hold keeps them', async () => {
    const WITHDRAW = `mutation ($input: WithdrawComplaintInput!) { withdrawComplaint(input: $input) { errors { code } } }`;
    const gone = await recordFor('Retained', { email: 'retained@example.org' });
    const held = await recordFor('Held', { email: 'held@example.org' });
    const [goneDoc] = (await settled(gone.id)).documents;
    const [heldDoc] = (await settled(held.id)).documents;
    for (const c of [gone, held])
      expect((await w.mutate(WITHDRAW, { complaintId: c.id, reason: 'Sorted' })).errors).toEqual([]);
    const hold = await w.mutate(
      `mutation ($input: SetLegalHoldInput!) { setLegalHold(input: $input) { errors { code } } }`,
      { complaintId: held.id, legalHold: true, reason: 'Proceedings about the letters' },
      w.tokens.manager,
    );
    expect(hold.errors).toEqual([]);

    const run = await new RetentionService(w.gw.services.audit, w.db.dataSource, w.gw.config, w.gw.services.files).run({
      now: () => LATER,
    });
    expect(run.anonymised.map((a) => a.complaintId)).toContain(gone.id);
    expect(run.anonymised.map((a) => a.complaintId)).not.toContain(held.id);

    const after = (await complaintOf(gone.id)).documents;
    expect(after).toEqual([{ ...goneDoc, contentDeletedAt: LATER.toISOString(), downloadUrl: null }]);
    const contents = async (id: string) =>
      (await w.db.dataSource.query('SELECT 1 FROM document_contents WHERE document_id = $1', [id])).length;
    expect(await contents(goneDoc.id)).toBe(0);
    const r = await download(goneDoc.id, w.tokens.manager);
    expect(r.status).toBe(410);

    expect(await contents(heldDoc.id)).toBe(1);
    expect((await complaintOf(held.id)).documents).toEqual([heldDoc]);
    const kept = await download(heldDoc.id, w.tokens.manager);
    expect(kept.status).toBe(200);
    expect(sha256(kept.body)).toBe(heldDoc.sha256);
  });
});
