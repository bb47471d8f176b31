/**
 * Complaints by email (issue 16), through the SMTP listener and the graph: real SMTP from nodemailer to
 * the listener, real PostgreSQL, the workers that process what was stored. A new email becomes a draft
 * complaint with its attachments as evidence; a reply naming a reference becomes that complaint's
 * correspondence; a known complainant is matched by address; bad mail is refused at SMTP time with a
 * reason or quarantined; the Date header gives the receipt, in London time; the CST completes a
 * draft's intake; only staff read drafts and only CST managers the mailbox. And with the database
 * stopped, the listener answers 451 and takes the message once the database is back and the sender
 * tries again.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config';
import { createDataSource, keepClientErrorsHandled } from '../src/db/data-source';
import { prepareDatabase } from '../src/db/database';
import { freePort, startEmbeddedPostgres, type EmbeddedServer } from '../src/db/embedded-postgres';
import { ComplainantKind, ComplaintStatus, Role } from '../src/domain/enums';
import { startInboundMail, type InboundMail } from '../src/inbound-mail';
import { systemWrite } from '../src/services/mutation';
import { RetentionService } from '../src/services/retention.service';
import { createServices } from '../src/services/services';
import { Workers } from '../src/workers';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, TEST_ENV, type TestGateway } from './fixtures/gateway';
import { spawnWorker, startGatewayProcess, type Spawned } from './fixtures/processes';
import { waitUntil } from './fixtures/wait';

const MAILBOX = 'complaints@cafcass.example';
const LIMITS = {
  INBOUND_SMTP_RECIPIENTS: `${MAILBOX},@intake.cafcass.example`,
  INBOUND_SMTP_MAX_BYTES: '200000',
  INBOUND_SMTP_MAX_ATTACHMENTS: '3',
};
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

let db: TestDatabase;
let gw: TestGateway;
let inbound: InboundMail;
/** The clock of the gateway, its workers and the listener: each test sets it to when its mail arrives. */
let clock = new Date('2026-06-02T10:00:00Z');
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  const f = new Factory(db.dataSource);
  const area = await f.serviceArea();
  const kase = await f.case({ serviceAreaId: area.id, caseNumber: 'ML26P00016' });
  const party = await f.party(kase.id, { firstName: 'Jane', lastName: 'Smith' });
  const officer = await f.staff({ role: Role.CST_OFFICER });
  const manager = await f.staff({ role: Role.CST_MANAGER });
  const senior = await f.staff({ role: Role.SENIOR_MANAGER, serviceAreaId: area.id, headOfPractice: true });
  const practitioner = await f.staff({ serviceAreaId: area.id });
  const analyst = await f.staff({ role: Role.ANALYST });
  const provider = await f.provider();
  Object.assign(ids, { caseId: kase.id, partyId: party.id, providerId: provider.id });
  gw = await startTestGateway(db, { now: () => clock, env: { WORKERS: 'on', INBOUND_SMTP_PORT: '0', ...LIMITS } });
  inbound = (await startInboundMail({
    config: gw.config,
    dataSource: db.dataSource,
    outbox: gw.workers.queue,
    services: gw.services,
    logger,
    now: () => clock,
  }))!;
  tokens.officer = await gw.token(Role.CST_OFFICER, officer.id);
  tokens.manager = await gw.token(Role.CST_MANAGER, manager.id);
  tokens.senior = await gw.token(Role.SENIOR_MANAGER, senior.id);
  tokens.practitioner = await gw.token(Role.PRACTITIONER, practitioner.id);
  tokens.analyst = await gw.token(Role.ANALYST, analyst.id);
  tokens.provider = await gw.token(Role.PROVIDER, provider.id);
});

afterAll(async () => {
  await inbound?.stop();
  await gw?.stop();
  await db?.drop();
});

// ---------------------------------------------------------------------------------------------
// Sending, as a mail server or a mail client would.

interface Answer {
  code: number;
  response: string;
  /** The stored message's id, from a 250 answer. */
  id: string | null;
}

function answerOf(response: string, code: number): Answer {
  return { code, response, id: /Stored as ([0-9a-f-]{36})/.exec(response)?.[1] ?? null };
}

/** A message composed by nodemailer and sent over SMTP to the listener. */
async function send(mail: Mail.Options, port = inbound.port, options: SMTPTransport.Options = {}): Promise<Answer> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ...(options.requireTLS ? {} : { ignoreTLS: true }),
    ...options,
  });
  try {
    const info = await transport.sendMail({ to: MAILBOX, ...mail });
    return answerOf(info.response, Number(info.response.slice(0, 3)));
  } catch (error: any) {
    return answerOf(String(error.response ?? error.message), Number(error.responseCode));
  } finally {
    transport.close();
  }
}

/** Bytes sent as they are, with this envelope (a bounce's sender is empty: `MAIL FROM:<>`). */
async function sendRaw(raw: string | Buffer, from: string, port = inbound.port, to = [MAILBOX]): Promise<Answer> {
  const connection = new SMTPConnection({ host: '127.0.0.1', port, ignoreTLS: true });
  connection.on('error', () => undefined);
  try {
    await new Promise<void>((resolve, reject) => {
      connection.once('error', reject);
      connection.connect(() => resolve());
    });
    return await new Promise<Answer>((resolve) =>
      connection.send({ from, to }, raw, (error: any, info) =>
        resolve(
          error
            ? answerOf(String(error.response ?? error.message), Number(error.responseCode))
            : answerOf(info.response, Number(info.response.slice(0, 3))),
        ),
      ),
    );
  } finally {
    connection.quit();
  }
}

/** The listener's answer to EHLO, line by line (what it offers). */
async function ehlo(port: number): Promise<string[]> {
  const socket = net.connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (d) => (text += d));
  try {
    await waitUntil(
      'the greeting',
      () => text,
      (t) => t.includes('\r\n'),
    );
    socket.write('EHLO test.example\r\n');
    await waitUntil(
      'the EHLO answer',
      () => text,
      (t) => /\r\n250 [^\r]*\r\n$/.test(t),
    );
    return text.trim().split('\r\n').slice(1);
  } finally {
    socket.end('QUIT\r\n');
  }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Stored {
  status: string;
  reason: string | null;
  complaint_id: string | null;
}

/** The stored message, once its job has processed it (or at once, if quarantined). */
async function processed(id: string): Promise<Stored> {
  const row = await waitUntil(
    `inbound message ${id} processed`,
    async () =>
      (await db.dataSource.query('SELECT status, reason, complaint_id FROM inbound_messages WHERE id = $1', [id]))[0],
    (row: Stored | undefined) => row !== undefined && row.status !== 'RECEIVED',
  );
  return row!;
}

const COMPLAINT = `query ($id: ID) { complaint(id: $id) {
  id reference status channel draft version receivedAt cstReceivedAt cstDueOn acknowledgementDueOn responseDueOn dueReason summary
  complainant { id kind firstName lastName email }
  evidence { kind description source fileName contentType sizeBytes sha256 rejected }
  correspondence { status fromAddress fromName subject text sentAt attachmentCount reason }
} }`;

async function complaint(id: string, token = tokens.officer) {
  const result = await gw.query(COMPLAINT, { id }, token);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data.complaint;
}

const count = async (sql: string, values: unknown[] = []) =>
  (await db.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, values))[0].n as number;

const REPORT = Buffer.from('%PDF-1.4\n% the section 7 report, annotated by the mother\n%%EOF\n');
const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('a photograph of the contact centre door')]);

// ---------------------------------------------------------------------------------------------

describe('a new email', () => {
  it('is stored before 250 and becomes a draft complaint with its two attachments as evidence (digests)', async () => {
    clock = new Date('2026-06-02T10:00:00Z');
    const answer = await send({
      from: '"Jane Smith" <jane.smith@example.net>',
      subject: 'Complaint about the Cafcass report',
      text: 'The report says I missed three contact sessions. I attended all of them.',
      date: new Date('2026-06-02T08:15:00Z'),
      attachments: [
        { filename: 'report-annotated.pdf', content: REPORT, contentType: 'application/pdf' },
        { filename: 'door.jpg', content: PHOTO, contentType: 'image/jpeg' },
      ],
    });
    expect(answer.code).toBe(250);
    // Answered 250 only once stored: the row, its bytes as received and its attachments are there now.
    const [row] = await db.dataSource.query(
      `SELECT m.sha256, m.from_address, m.attachment_count, s.raw
         FROM inbound_messages m JOIN inbound_message_sources s ON s.inbound_message_id = m.id WHERE m.id = $1`,
      [answer.id],
    );
    expect(row).toMatchObject({ from_address: 'jane.smith@example.net', attachment_count: 2 });
    expect(sha256(row.raw)).toBe(row.sha256);
    expect(row.raw.toString('latin1')).toContain('Subject: Complaint about the Cafcass report');

    const stored = await processed(answer.id!);
    expect(stored).toMatchObject({ status: 'DRAFTED', reason: null });
    const c = await complaint(stored.complaint_id!);
    expect(c).toMatchObject({
      status: 'RECEIVED',
      channel: 'EMAIL',
      draft: true,
      receivedAt: '2026-06-02T08:15:00.000Z',
      cstReceivedAt: '2026-06-02T10:00:00.000Z',
      // Who complains is not known: no response date yet, only the intake steps.
      responseDueOn: null,
      acknowledgementDueOn: '2026-06-05',
      complainant: { kind: 'UNKNOWN', firstName: 'Jane', lastName: 'Smith', email: 'jane.smith@example.net' },
    });
    expect(c.reference).toMatch(/^CMP-2026-\d{6}$/);
    expect(c.summary).toBe(
      'Complaint about the Cafcass report\n\nThe report says I missed three contact sessions. I attended all of them.',
    );
    // Evidence received together is listed in no particular order.
    const byName = (a: any, b: any) => a.fileName.localeCompare(b.fileName);
    expect([...c.evidence].sort(byName)).toEqual([
      {
        kind: 'PHOTOGRAPH',
        description: 'door.jpg',
        source: 'EMAIL',
        fileName: 'door.jpg',
        contentType: 'image/jpeg',
        sizeBytes: PHOTO.length,
        sha256: sha256(PHOTO),
        rejected: false,
      },
      {
        kind: 'DOCUMENT',
        description: 'report-annotated.pdf',
        source: 'EMAIL',
        fileName: 'report-annotated.pdf',
        contentType: 'application/pdf',
        sizeBytes: REPORT.length,
        sha256: sha256(REPORT),
        rejected: false,
      },
    ]);
    // The bytes are kept with their digests.
    const files = await db.dataSource.query(
      `SELECT a.content, e.sha256 FROM inbound_attachments a JOIN evidence e ON e.id = a.evidence_id
        WHERE a.inbound_message_id = $1 ORDER BY a.position`,
      [answer.id],
    );
    expect(files.map((r: any) => sha256(r.content))).toEqual([sha256(REPORT), sha256(PHOTO)]);
    expect(c.correspondence).toMatchObject([
      { status: 'DRAFTED', fromAddress: 'jane.smith@example.net', fromName: 'Jane Smith', attachmentCount: 2 },
    ]);
    // No acknowledgement until the CST completes intake; the draft waits in the work queue.
    expect(await count(`notifications WHERE complaint_id = $1 AND recipient_kind = 'COMPLAINANT'`, [c.id])).toBe(0);
    const queue = await gw.query(
      '{ complaints(first: 50, filter: { draft: true }) { edges { node { id draft } } } }',
      {},
      tokens.officer,
    );
    expect(queue.data.complaints.edges.map((e: any) => e.node)).toContainEqual({ id: c.id, draft: true });
    const events = await db.dataSource.query(
      `SELECT action, actor_id FROM audit_events WHERE complaint_id = $1 ORDER BY sequence`,
      [c.id],
    );
    expect(events).toEqual([
      { action: 'complaint.recorded', actor_id: 'system' },
      { action: 'evidence.added', actor_id: 'system' },
      { action: 'evidence.added', actor_id: 'system' },
      { action: 'evidence.file-added', actor_id: 'system' },
      { action: 'evidence.file-added', actor_id: 'system' },
    ]);
    // Each attachment is its evidence item's file, downloadable (and audited) as an uploaded one is.
    const listed = await gw.query(
      `query ($id: ID) { complaint(id: $id) { evidence { fileName files { filename contentType sha256 downloadUrl } } } }`,
      { id: c.id },
      tokens.officer,
    );
    const kept = listed.data.complaint.evidence.flatMap((e: any) => e.files);
    expect(kept.map((f: any) => [f.contentType, f.sha256]).sort()).toEqual(
      [
        ['application/pdf', sha256(REPORT)],
        ['image/jpeg', sha256(PHOTO)],
      ].sort(),
    );
    for (const file of kept) {
      const download = await fetch(new URL(new URL(file.downloadUrl).pathname, gw.gateway.url), {
        headers: { authorization: `Bearer ${tokens.officer}` },
      });
      expect(download.status).toBe(200);
      expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(file.sha256);
    }
    // The job is idempotent: run again (a worker that died after committing), it finds the message processed.
    const complaints = await count('complaints');
    await db.dataSource.transaction((tx) =>
      gw.services.emailComplaints.process(
        systemWrite(tx, () => clock, gw.workers.queue, gw.config),
        {
          inboundMessageId: answer.id!,
        },
      ),
    );
    expect(await count('complaints')).toBe(complaints);
    expect(await count('evidence WHERE complaint_id = $1', [c.id])).toBe(2);
    ids.draft = c.id;
    ids.draftReference = c.reference;
  });

  it('is not triaged as a draft; completeIntake sets who complains, the case and the deadlines, and acknowledges', async () => {
    clock = new Date('2026-06-03T09:00:00Z');
    const triage = await gw.query(
      `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { errors { code field message } } }`,
      { input: { complaintId: ids.draft, outcome: 'ACCEPTED' } },
      tokens.officer,
    );
    expect(triage.data.triageComplaint.errors).toMatchObject([
      { code: 'ILLEGAL_TRANSITION', field: 'input.complaintId' },
    ]);
    const COMPLETE = `mutation ($input: CompleteIntakeInput!) { completeIntake(input: $input) {
      complaint { id draft status responseDueOn dueReason case { caseNumber } complainant { id kind firstName lastName email } }
      errors { code field message } } }`;
    const unknown = await gw.query(COMPLETE, { input: { complaintId: ids.draft, caseId: ids.caseId } }, tokens.officer);
    expect(unknown.data.completeIntake.errors).toMatchObject([{ code: 'INVALID', field: 'input.complainant' }]);
    const asUnknown = await gw.query(
      COMPLETE,
      { input: { complaintId: ids.draft, complainant: { kind: 'UNKNOWN', firstName: 'Jane', lastName: 'Smith' } } },
      tokens.officer,
    );
    expect(asUnknown.data.completeIntake.errors).toContainEqual(
      expect.objectContaining({ code: 'INVALID', field: 'input.complainant.kind' }),
    );
    const done = await gw.query(
      COMPLETE,
      {
        input: {
          complaintId: ids.draft,
          caseId: ids.caseId,
          complainant: { kind: 'ADULT_PARTY', firstName: 'Jane', lastName: 'Smith', partyId: ids.partyId },
        },
      },
      tokens.officer,
    );
    expect(done.data.completeIntake.errors).toEqual([]);
    expect(done.data.completeIntake.complaint).toMatchObject({
      draft: false,
      status: 'RECEIVED',
      responseDueOn: '2026-06-23',
      dueReason: 'FIFTEEN_WORKING_DAYS',
      case: { caseNumber: 'ML26P00016' },
      // The email address comes from the email.
      complainant: { kind: 'ADULT_PARTY', firstName: 'Jane', lastName: 'Smith', email: 'jane.smith@example.net' },
    });
    // The acknowledgement goes now, to the sender's address; the provisional complainant is gone. (The CST's
    // reminders of the due dates are the workers' and may have been sent by now.)
    const notes = await db.dataSource.query(
      `SELECT template, recipient_address FROM notifications WHERE complaint_id = $1 AND recipient_kind = 'COMPLAINANT'`,
      [ids.draft],
    );
    expect(notes).toEqual([{ template: 'acknowledgement', recipient_address: 'jane.smith@example.net' }]);
    expect(await count(`complainants WHERE kind = 'UNKNOWN' AND email = 'jane.smith@example.net'`)).toBe(0);
    const again = await gw.query(COMPLETE, { input: { complaintId: ids.draft, caseId: ids.caseId } }, tokens.officer);
    expect(again.data.completeIntake.errors).toMatchObject([{ code: 'CONFLICT', field: 'input.complaintId' }]);
    // recordComplaint never takes UNKNOWN.
    const record = await gw.query(
      `mutation ($input: RecordComplaintInput!) { recordComplaint(input: $input) { errors { code field } } }`,
      {
        input: {
          channel: 'PHONE',
          receivedAt: '2026-06-03T08:00:00Z',
          summary: 'x',
          complainant: { kind: 'UNKNOWN', firstName: 'A', lastName: 'B' },
        },
      },
      tokens.officer,
    );
    expect(record.data.recordComplaint.errors).toContainEqual({ code: 'INVALID', field: 'input.complainant.kind' });
  });
});

describe('a reply naming a reference', () => {
  it('is attached to that complaint as correspondence (audited), its attachment evidence, and no new complaint', async () => {
    clock = new Date('2026-06-04T10:00:00Z');
    const before = await count('complaints');
    const letter = Buffer.from('Letter from the contact centre confirming attendance.');
    const answer = await send({
      from: 'Jane Smith <jane.smith@example.net>',
      subject: `Re: Your complaint ${ids.draftReference}`,
      text: 'Here is the letter from the contact centre.\n\n> Your reference is in the subject.',
      attachments: [{ filename: 'attendance.txt', content: letter, contentType: 'text/plain' }],
    });
    expect(answer.code).toBe(250);
    const stored = await processed(answer.id!);
    expect(stored).toMatchObject({ status: 'ATTACHED', complaint_id: ids.draft });
    expect(await count('complaints')).toBe(before);
    const c = await complaint(ids.draft);
    expect(c.correspondence.map((m: any) => [m.status, m.subject])).toEqual([
      ['DRAFTED', 'Complaint about the Cafcass report'],
      ['ATTACHED', `Re: Your complaint ${ids.draftReference}`],
    ]);
    expect(c.correspondence[1].text).toContain('Here is the letter from the contact centre.');
    expect(c.evidence).toContainEqual(
      expect.objectContaining({ fileName: 'attendance.txt', source: 'EMAIL', sha256: sha256(letter) }),
    );
    const [event] = await db.dataSource.query(
      `SELECT actor_id, entity_type, change FROM audit_events
        WHERE complaint_id = $1 AND action = 'complaint.correspondence-received'`,
      [ids.draft],
    );
    expect(event).toMatchObject({
      actor_id: 'system',
      entity_type: 'InboundMessage',
      change: { inboundMessageId: answer.id, from: 'jane.smith@example.net' },
    });
  });

  it('in the body only is attached too; a reference that names no complaint makes a new draft', async () => {
    clock = new Date('2026-06-04T11:00:00Z');
    const inBody = await send({
      from: 'someone.else@example.net',
      subject: 'Following up',
      text: `About cmp-${ids.draftReference.slice(4)}: please call me.`,
    });
    expect(await processed(inBody.id!)).toMatchObject({ status: 'ATTACHED', complaint_id: ids.draft });
    const unknown = await send({ from: 'x@example.net', subject: 'Re: CMP-2019-999999', text: 'Still waiting.' });
    const stored = await processed(unknown.id!);
    expect(stored.status).toBe('DRAFTED');
    expect(stored.complaint_id).not.toBe(ids.draft);
  });
});

describe('a reply to a complaint that takes no more evidence', () => {
  it('is its correspondence, its attachments kept with the message, saying so', async () => {
    const withdrawn = await new Factory(db.dataSource).complaint({
      reference: 'CMP-2026-900002',
      status: ComplaintStatus.WITHDRAWN,
    });
    const answer = await send({
      from: 'late@example.net',
      subject: 'Re: CMP-2026-900002',
      text: 'One more document.',
      attachments: [{ filename: 'late.txt', content: 'late' }],
    });
    expect(await processed(answer.id!)).toEqual({
      status: 'ATTACHED',
      complaint_id: withdrawn.id,
      reason: 'attachments kept with the message: a WITHDRAWN complaint takes no more evidence',
    });
    expect(await count('evidence WHERE complaint_id = $1', [withdrawn.id])).toBe(0);
    expect(await count('inbound_attachments WHERE inbound_message_id = $1', [answer.id])).toBe(1);
  });
});

describe('a known complainant', () => {
  it('is matched by address (any case) when exactly one has it; with two, the sender is a new complainant', async () => {
    clock = new Date('2026-06-05T10:00:00Z');
    const f = new Factory(db.dataSource);
    const known = await f.complainant({ kind: ComplainantKind.NON_PARTY, email: 'Pat.Known@example.net' });
    await f.complaint({ complainantId: known.id, reference: 'CMP-2026-900001' });
    const matched = await processed(
      (await send({ from: 'PAT.KNOWN@example.net', subject: 'Another problem', text: 'It happened again.' })).id!,
    );
    const c = await complaint(matched.complaint_id!);
    expect(c.complainant).toMatchObject({ id: known.id, kind: 'NON_PARTY' });
    // A non-party's complaint is answered outside the procedure: its due date follows from the matched kind.
    expect(c).toMatchObject({ draft: true, dueReason: 'OUTSIDE_PROCEDURE' });

    await f.complainant({ email: 'shared@example.net' });
    await f.complainant({ email: 'shared@example.net' });
    const shared = await processed(
      (await send({ from: 'shared@example.net', subject: 'Who am I', text: 'Two of us use this address.' })).id!,
    );
    expect((await complaint(shared.complaint_id!)).complainant).toMatchObject({
      kind: 'UNKNOWN',
      firstName: '',
      lastName: 'shared@example.net',
    });
  });
});

describe('bad mail', () => {
  it('is refused at SMTP time with a reason, and nothing is stored', async () => {
    const before = await count('inbound_messages');
    const oversized = await send({
      from: 'big@example.net',
      subject: 'Everything',
      text: 'All of it.',
      attachments: [{ filename: 'huge.bin', content: Buffer.alloc(300_000, 7) }],
    });
    expect(oversized.code).toBe(552);
    const many = await send({
      from: 'many@example.net',
      subject: 'Files',
      text: 'Four files.',
      attachments: [1, 2, 3, 4].map((n) => ({ filename: `f${n}.txt`, content: `file ${n}` })),
    });
    expect(many).toMatchObject({ code: 552 });
    expect(many.response).toMatch(/Too many attachments \(4; at most 3\)/);
    const empty = await send({ from: 'empty@example.net', subject: 'Nothing', text: '  ' });
    expect(empty.code).toBe(550);
    expect(empty.response).toMatch(/no text and no attachment/);
    const elsewhere = await send({ from: 'a@example.net', to: 'someone@elsewhere.example', text: 'Hello' });
    expect(elsewhere.code).toBe(550);
    expect(await count('inbound_messages')).toBe(before);
    // A whole domain may be allowed.
    const toDomain = await send({ from: 'a@example.net', to: 'cst@intake.cafcass.example', text: 'Hello' });
    expect(toDomain.code).toBe(250);
    expect(await processed(toDomain.id!)).toMatchObject({ status: 'DRAFTED' });
  });

  it('is quarantined with the reason when it is an auto-reply, a bounce or unreadable; CST managers see it', async () => {
    clock = new Date('2026-06-08T10:00:00Z');
    const complaints = await count('complaints');
    const autoReply = await send({
      from: 'jane.smith@example.net',
      subject: 'Out of office',
      text: 'I am away until Monday.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const bounce = await sendRaw(
      [
        'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>',
        `To: ${MAILBOX}`,
        'Subject: Undelivered Mail Returned to Sender',
        'Content-Type: text/plain',
        '',
        'This is the mail system. Your message could not be delivered.',
        '',
      ].join('\r\n'),
      '',
    );
    const report = await sendRaw(
      [
        'From: postmaster@mx.example.net',
        `To: ${MAILBOX}`,
        'Subject: Delivery Status Notification',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain',
        '',
        'Delivery failed.',
        '--b1',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.net',
        '',
        'Final-Recipient: rfc822; nobody@example.net',
        'Action: failed',
        'Status: 5.1.1',
        '--b1--',
        '',
      ].join('\r\n'),
      'postmaster@mx.example.net',
    );
    const unreadable = await sendRaw(
      Buffer.concat([
        Buffer.from(
          [
            'From: writer@example.net',
            `To: ${MAILBOX}`,
            'Subject: Complaint',
            'Content-Type: text/plain; charset=x-unknown-charset',
            'Content-Transfer-Encoding: 8bit',
            '',
            '',
          ].join('\r\n'),
        ),
        Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0x0d, 0x0a]),
      ]),
      'writer@example.net',
    );
    for (const a of [autoReply, bounce, report, unreadable]) expect(a.code, a.response).toBe(250);
    const list = await gw.query(
      `{ inboundMessages(first: 20, filter: { status: QUARANTINED }) { edges { node { id status reason fromAddress subject complaint { id } } } } }`,
      {},
      tokens.manager,
    );
    expect(list.errors).toBeUndefined();
    const byId = new Map(list.data.inboundMessages.edges.map((e: any) => [e.node.id, e.node]));
    expect(byId.get(autoReply.id)).toMatchObject({
      status: 'QUARANTINED',
      reason: 'an automatic message (Auto-Submitted: auto-replied)',
      complaint: null,
    });
    expect(byId.get(bounce.id)).toMatchObject({ reason: 'a bounce: the envelope sender is empty (<>)' });
    expect(byId.get(report.id)).toMatchObject({ reason: 'a delivery or read report (multipart/report)' });
    expect(byId.get(unreadable.id)).toMatchObject({
      reason: 'unreadable: the text is in an unknown or damaged character encoding',
    });
    // Kept as received, and made into nothing: no job ran for them.
    expect(await count('inbound_message_sources WHERE inbound_message_id = ANY($1)', [[...byId.keys()]])).toBe(4);
    expect(await count('complaints')).toBe(complaints);
  });

  it('from a client outside INBOUND_SMTP_ALLOWED_CLIENTS is refused at connection', async () => {
    const restricted = (await startInboundMail({
      config: { ...gw.config, inboundMail: { ...gw.config.inboundMail, allowedClients: ['10.0.0.0/8'] } },
      dataSource: db.dataSource,
      outbox: gw.workers.queue,
      services: gw.services,
      logger,
    }))!;
    try {
      const answer = await send({ from: 'a@example.net', text: 'Hello' }, restricted.port);
      expect(answer.code).toBe(554);
    } finally {
      await restricted.stop();
    }
  });
});

describe('transport security for an internal relay', () => {
  it('offers no AUTH; STARTTLS only with a key and certificate, and then the message goes encrypted', async () => {
    // Without a certificate STARTTLS is not offered, and AUTH never is; STARTTLS anyway is not a command here.
    expect(await ehlo(inbound.port)).toEqual(expect.not.arrayContaining([expect.stringMatching(/STARTTLS|AUTH/)]));
    expect(await ehlo(inbound.port)).toContainEqual(expect.stringMatching(/^250[ -]SIZE 200000$/));
    const before = await count('inbound_messages');
    const plainTls = await send({ from: 'a@example.net', text: 'Hello' }, inbound.port, { requireTLS: true });
    expect(plainTls.response).toMatch(/^500 .*command not recognized/);
    expect(await count('inbound_messages')).toBe(before);
    // A throwaway self-signed certificate for localhost (test/fixtures/tls), valid for a century.
    const tlsConfig = readConfig({
      ...TEST_ENV,
      INBOUND_SMTP_PORT: '0',
      ...LIMITS,
      INBOUND_SMTP_TLS_KEY_FILE: 'test/fixtures/tls/inbound-smtp.key',
      INBOUND_SMTP_TLS_CERT_FILE: 'test/fixtures/tls/inbound-smtp.crt',
    });
    const secure = (await startInboundMail({
      config: { ...gw.config, inboundMail: tlsConfig.inboundMail },
      dataSource: db.dataSource,
      outbox: gw.workers.queue,
      services: gw.services,
      logger,
    }))!;
    try {
      expect(await ehlo(secure.port)).toContainEqual(expect.stringMatching(/^250[ -]STARTTLS$/));
      expect(await ehlo(secure.port)).toEqual(expect.not.arrayContaining([expect.stringMatching(/AUTH/)]));
      const answer = await send({ from: 'tls@example.net', subject: 'Over TLS', text: 'Encrypted.' }, secure.port, {
        requireTLS: true,
        tls: { rejectUnauthorized: false },
      });
      expect(answer.code, answer.response).toBe(250);
      expect(await processed(answer.id!)).toMatchObject({ status: 'DRAFTED' });
    } finally {
      await secure.stop();
    }
  });
});

describe('the Date header', () => {
  const receipt = async (date: string, arrival: string) => {
    clock = new Date(arrival);
    const answer = await sendRaw(
      [`From: dates@example.net`, `To: ${MAILBOX}`, 'Subject: When', `Date: ${date}`, '', 'Received when?', ''].join(
        '\r\n',
      ),
      'dates@example.net',
    );
    const c = await complaint((await processed(answer.id!)).complaint_id!);
    return { receivedAt: c.receivedAt, cstDueOn: c.cstDueOn, year: c.reference.slice(4, 8) };
  };

  it('gives the receipt in London time: BST and GMT, across midnight and the new year', async () => {
    // 23:30 UTC on Monday 1 June is 00:30 BST on Tuesday 2 June: the hand-off is due Wednesday.
    expect(await receipt('Mon, 01 Jun 2026 23:30:00 +0000', '2026-06-02T09:00:00Z')).toEqual({
      receivedAt: '2026-06-01T23:30:00.000Z',
      cstDueOn: '2026-06-03',
      year: '2026',
    });
    // 01:00 on Tuesday 10 November at +0200 is 23:00 GMT on Monday 9 November: due Tuesday.
    expect(await receipt('Tue, 10 Nov 2026 01:00:00 +0200', '2026-11-10T09:00:00Z')).toEqual({
      receivedAt: '2026-11-09T23:00:00.000Z',
      cstDueOn: '2026-11-10',
      year: '2026',
    });
    // 23:30 on 31 December at -0100 is 00:30 GMT on 1 January 2027: a 2027 reference.
    expect(await receipt('Thu, 31 Dec 2026 23:30:00 -0100', '2027-01-04T09:00:00Z')).toMatchObject({
      receivedAt: '2027-01-01T00:30:00.000Z',
      year: '2027',
    });
  });

  it('in the future, or absurdly old, gives way to the time of arrival', async () => {
    expect(await receipt('Fri, 01 Jan 2100 10:00:00 +0000', '2026-11-10T12:00:00Z')).toMatchObject({
      receivedAt: '2026-11-10T12:00:00.000Z',
    });
    expect(await receipt('Thu, 01 Jan 1970 00:00:00 +0000', '2026-11-10T12:30:00Z')).toMatchObject({
      receivedAt: '2026-11-10T12:30:00.000Z',
    });
  });
});

describe('access', () => {
  it('drafts and their correspondence are for staff; the mailbox for CST managers; completing intake for the CST', async () => {
    const codes = (r: any) => (r.errors ?? []).map((e: any) => e.extensions?.code);
    const mailbox = '{ inboundMessages(first: 5) { edges { node { id reason } } } }';
    expect(codes(await gw.query(mailbox, {}, tokens.manager))).toEqual([]);
    for (const role of ['officer', 'senior', 'practitioner', 'analyst', 'provider'])
      expect(codes(await gw.query(mailbox, {}, tokens[role])), role).toEqual(['FORBIDDEN']);
    const correspondence = 'query ($id: ID) { complaint(id: $id) { correspondence { subject } } }';
    expect(codes(await gw.query(correspondence, { id: ids.draft }, tokens.senior))).toEqual([]);
    // A provider reads no draft: the complaint is outside its scope, and its correspondence is not for providers.
    const provider = await gw.query(correspondence, { id: ids.draft }, tokens.provider);
    expect(provider.data?.complaint ?? null).toBeNull();
    const drafts = '{ complaints(first: 5, filter: { draft: true }) { edges { node { id summary } } } }';
    expect(codes(await gw.query(drafts, {}, tokens.analyst))).toEqual(['FORBIDDEN']);
    // A provider sees no draft (none concerns it), and row-level security shows it no message.
    const forProvider = await gw.query(
      '{ complaints(first: 5, filter: { draft: true }) { edges { node { id } } } }',
      {},
      tokens.provider,
    );
    expect(forProvider.errors).toBeUndefined();
    expect(forProvider.data.complaints.edges).toEqual([]);
    const seen = await db.dataSource.transaction(async (tx) => {
      await tx.query("SELECT set_config('app.provider_id', $1, true)", [ids.providerId]);
      return (await tx.query('SELECT count(*)::int AS n FROM inbound_messages'))[0].n;
    });
    expect(seen).toBe(0);
    const complete = `mutation { completeIntake(input: { complaintId: "${ids.draft}" }) { errors { code } } }`;
    for (const role of ['practitioner', 'senior', 'provider'])
      expect(codes(await gw.query(complete, {}, tokens[role])), role).toEqual(['FORBIDDEN']);
  });
});

describe('retention', () => {
  it('anonymises a complaint’s emails with it: texts, addresses, the bytes received and the attachments’ bytes', async () => {
    clock = new Date('2026-06-09T10:00:00Z');
    const secret = Buffer.from('A private letter.');
    const answer = await send({
      from: 'Robin Private <robin.private@example.net>',
      subject: 'Private matter',
      text: 'Something only the service should know.',
      attachments: [{ filename: 'robin-letter.txt', content: secret, contentType: 'text/plain' }],
    });
    const { complaint_id: id } = await processed(answer.id!);
    const withdraw = await gw.query(
      `mutation ($input: WithdrawComplaintInput!) { withdrawComplaint(input: $input) { errors { code } } }`,
      { input: { complaintId: id, reason: 'Not a complaint' } },
      tokens.officer,
    );
    expect(withdraw.data.withdrawComplaint.errors).toEqual([]);
    const run = await new RetentionService(gw.services.audit, db.dataSource, gw.config).run({
      now: () => new Date('2033-06-10T10:00:00Z'),
    });
    expect(run.anonymised.map((a) => a.complaintId)).toContain(id);
    const [message] = await db.dataSource.query(
      `SELECT m.from_address, m.from_name, m.subject, m.text, m.sha256 IS NOT NULL AS digest, s.raw
         FROM inbound_messages m JOIN inbound_message_sources s ON s.inbound_message_id = m.id WHERE m.id = $1`,
      [answer.id],
    );
    expect(message).toEqual({
      from_address: null,
      from_name: null,
      subject: null,
      text: null,
      digest: true,
      raw: null,
    });
    const [attachment] = await db.dataSource.query(
      `SELECT a.file_name, a.content, a.sha256, e.file_name AS evidence_file FROM inbound_attachments a
         JOIN evidence e ON e.id = a.evidence_id WHERE a.inbound_message_id = $1`,
      [answer.id],
    );
    expect(attachment).toEqual({ file_name: null, content: null, sha256: sha256(secret), evidence_file: null });
    const [complainant] = await db.dataSource.query(
      'SELECT c.email, c.last_name FROM complainants c JOIN complaints k ON k.complainant_id = c.id WHERE k.id = $1',
      [id],
    );
    expect(complainant).toEqual({ email: null, last_name: '[anonymised]' });
  });
});

describe('the listener in a process of its own', () => {
  /** The port a process's listener chose (INBOUND_SMTP_PORT=0), from its log. */
  const listening = (spawned: Spawned) =>
    waitUntil(
      'the process to listen for SMTP',
      () => {
        const line = spawned
          .output()
          .split('\n')
          .find((l) => l.includes('inbound mail: listening for SMTP'));
        return line ? (JSON.parse(line).port as number) : spawned.child.exitCode === null ? null : spawned.output();
      },
      (seen) => seen !== null,
    );

  it('runs in a worker process (WORKERS=off too) or the gateway; what they store, any workers process', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'inbound-process-'));
    const env = { INBOUND_SMTP_PORT: '0', LOG_LEVEL: 'info', ...LIMITS };
    const worker = spawnWorker(db, dataDir, { ...env, WORKERS: 'off' });
    let gateway: (Spawned & { url: string }) | null = null;
    try {
      const workerPort = await listening(worker);
      expect(typeof workerPort, worker.output().slice(-2000)).toBe('number');
      gateway = await startGatewayProcess(db, dataDir, { ...env, WORKERS: 'off', PORT: '0' });
      const gatewayPort = await listening(gateway);
      for (const [port, subject] of [
        [workerPort as number, 'Sent to the worker process'],
        [gatewayPort as number, 'Sent to the gateway process'],
      ] as const) {
        clock = new Date();
        const answer = await send({ from: 'process@example.net', subject, text: 'Hello.' }, port);
        expect(answer.code, answer.response).toBe(250);
        // This file's gateway runs the workers: the message becomes a draft there.
        expect(await processed(answer.id!)).toMatchObject({ status: 'DRAFTED' });
      }
      // SIGTERM: the mailbox stops with the process, which exits cleanly.
      await worker.stop('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect((await send({ from: 'late@example.net', text: 'Anyone?' }, workerPort as number)).response).toMatch(
        /ECONNREFUSED/,
      );
    } finally {
      await worker.stop('SIGKILL');
      await gateway?.stop('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('the database unavailable', () => {
  let root: string;
  let server: EmbeddedServer | null = null;
  const stopped: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'inbound-mail-db-'));
    await chmod(root, 0o755); // PostgreSQL runs as the OS user postgres
  });

  afterAll(async () => {
    for (const stop of stopped.reverse()) await stop().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('answers 451, so the sender keeps the message; sent again once it is back, it is stored once', async () => {
    const port = await freePort();
    const start = () => startEmbeddedPostgres({ dir: path.join(root, 'pg'), port });
    server = await start();
    const { appUrl } = await prepareDatabase(server.url('postgres'), 'inbound_outage', {
      user: 'inbound_app',
      password: 'inbound_app_password',
    });
    const dataSource = createDataSource({ url: appUrl, poolSize: 2 });
    await dataSource.initialize();
    keepClientErrorsHandled(dataSource);
    stopped.push(() => dataSource.destroy());
    const config = readConfig({
      ...TEST_ENV,
      DATA_DIR: root,
      DATABASE_URL: appUrl,
      INBOUND_SMTP_PORT: '0',
      ...LIMITS,
    });
    const services = createServices();
    const workers = new Workers({ dataSource, appUrl, config, logger, services });
    await workers.start();
    stopped.push(() => workers.stop(1_000));
    const listener = (await startInboundMail({ config, dataSource, outbox: workers.queue, services, logger }))!;
    stopped.push(() => listener.stop());

    const raw = [
      'From: Jane Smith <jane.smith@example.net>',
      `To: ${MAILBOX}`,
      'Subject: Complaint while the database is down',
      'Message-ID: <outage-1@example.net>',
      'Date: Tue, 02 Jun 2026 08:00:00 +0100',
      '',
      'Please record this complaint.',
      '',
    ].join('\r\n');
    await server.stop();
    server = null;
    const refused = await sendRaw(raw, 'jane.smith@example.net', listener.port);
    expect(refused.code, refused.response).toBe(451);

    server = await start();
    // The sending server tries again later with the same message; the first try after the restart may still
    // meet a connection the pool has not yet found dead (451 again), as any retry of a mail server may.
    const accepted = await waitUntil(
      'the message accepted once the database is back',
      () => sendRaw(raw, 'jane.smith@example.net', listener.port),
      (a) => a.code === 250,
      { intervalMs: 500 },
    );
    expect(accepted.id).toMatch(/^[0-9a-f-]{36}$/);
    // Its retries after the 250 (a sender that lost our answer) find it stored: once.
    expect((await sendRaw(raw, 'jane.smith@example.net', listener.port)).id).toBe(accepted.id);
    const rows = await dataSource.query(
      `SELECT status FROM inbound_messages WHERE message_id = '<outage-1@example.net>'`,
    );
    expect(rows).toEqual([{ status: 'RECEIVED' }]);
  });
});
