/**
 * Subject access (SPEC §1.12, issue 16), through the graph and HTTP: a CST manager exports everything
 * held about one person — here a complainant with two complaints, their letters (kept by the delivery
 * worker), an evidence file and the messages sent to them — and downloads it as a ZIP, read back with
 * yauzl: `subject-access.json` and the files, whose digests match the JSON's; another person's data on
 * the same case is absent; asking and downloading are audited; nobody else gets it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { Role } from '../src/domain/enums';
import { startTestGateway } from './fixtures/gateway';
import { createWorld, type World } from './fixtures/procedure';
import { waitUntil } from './fixtures/wait';

const NOW = new Date('2026-11-04T15:00:00Z');
let w: World;

beforeAll(async () => {
  // Workers on: the acknowledgements go (as letters by post) and are kept as documents.
  w = await createWorld(NOW, { WORKERS: 'on' });
});

afterAll(async () => {
  await w?.stop();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const base = () => w.gw.gateway.url.replace(/\/graphql$/, '');
const local = (url: string) =>
  url.startsWith('/') ? base() + url : url.replace('https://complaints.example.org', base());

const EXPORT = `mutation ($input: ExportSubjectAccessInput!) {
  exportSubjectAccess(input: $input) { exportId downloadUrl expiresAt errors { code field message } } }`;

/** Every entry of a ZIP, in order, with its bytes. */
function unzip(zip: Buffer): Promise<[string, Buffer][]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error) return reject(error);
      const entries: [string, Buffer][] = [];
      file.on('entry', (entry: yauzl.Entry) =>
        file.openReadStream(entry, (err, stream) => {
          if (err) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.push([entry.fileName, Buffer.concat(chunks)]);
            file.readEntry();
          });
        }),
      );
      file.on('end', () => resolve(entries));
      file.on('error', reject);
      file.readEntry();
    });
  });
}

async function download(url: string, token: string | null = w.tokens.manager) {
  const response = await fetch(local(url), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

/** A party of the world's case who complains, by post, with `count` complaints. */
async function complainantWith(firstName: string, lastName: string, count: number) {
  const party = await w.f.party(w.kase.id, { firstName, lastName });
  const complaints: { id: string; reference: string }[] = [];
  for (let i = 0; i < count; i++)
    complaints.push(
      await w.recordAdult({
        summary: `${firstName}'s complaint number ${i + 1}: the report is wrong.`,
        complainant: {
          kind: 'ADULT_PARTY',
          firstName,
          lastName,
          partyId: party.id,
          address: `${i + 1} ${lastName} Street, Coventry, CV1 1AA`,
        },
      }),
    );
  const letters = async () => {
    const [{ n }] = await w.db.dataSource.query(
      'SELECT count(*)::int AS n FROM documents WHERE complaint_id = ANY($1::uuid[])',
      [complaints.map((c) => c.id)],
    );
    return n as number;
  };
  await waitUntil(`${firstName}'s acknowledgement letters to be kept`, letters, (n) => n === count);
  const [{ id: complainantId }] = await w.db.dataSource.query(
    'SELECT complainant_id AS id FROM complaints WHERE id = $1',
    [complaints[0].id],
  );
  return { party, complaints, complainantId: complainantId as string };
}

/** Adds an item of evidence with one file (uploaded over HTTP) to a complaint. */
async function evidenceFile(complaintId: string, bytes: Buffer, name: string) {
  const payload = await w.mutate(
    `mutation ($input: AddEvidenceInput!) { addEvidence(input: $input) { evidence { id uploadUrl } errors { code } } }`,
    { complaintId, kind: 'DOCUMENT', description: 'Attendance sheet', source: 'the complainant' },
  );
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const response = await fetch(local(payload.evidence.uploadUrl), {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${w.tokens.officer}` },
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as any).file;
}

let alex: Awaited<ReturnType<typeof complainantWith>>;
let bea: Awaited<ReturnType<typeof complainantWith>>;
let alexFile: any;

beforeAll(async () => {
  alex = await complainantWith('Alexandra', 'Subjectson', 2);
  bea = await complainantWith('Beatrix', 'Otherperson', 1);
  alexFile = await evidenceFile(alex.complaints[0].id, PDF, 'Attendance sheet.pdf');
  await evidenceFile(bea.complaints[0].id, Buffer.from(`${PDF.toString()}% Beatrix\n`), 'Beatrix notes.pdf');
});

describe('a subject access export', () => {
  it('holds everything about the person: their data, complaints, letters, evidence files and messages', async () => {
    const asked = await w.mutate(EXPORT, { complainantId: alex.complainantId }, w.tokens.manager);
    expect(asked.errors).toEqual([]);
    expect(asked.downloadUrl).toBe(`https://complaints.example.org/subject-access/${asked.exportId}`);
    expect(asked.expiresAt).toBe(new Date(NOW.getTime() + 24 * 3600 * 1000).toISOString());

    const got = await download(asked.downloadUrl);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/zip');
    expect(got.headers.get('content-disposition')).toBe(
      `attachment; filename="subject-access-2026-11-04-${asked.exportId.slice(0, 8)}.zip"`,
    );
    const entries = await unzip(got.body);
    expect(entries[0][0]).toBe('subject-access.json');
    const json = JSON.parse(entries[0][1].toString('utf8'));
    expect(json).toMatchObject({
      format: 'complaints-gateway/subject-access/1',
      exportId: asked.exportId,
      person: { kind: 'complainant', id: alex.complainantId },
    });
    expect(json.complainants.map((c: any) => [c.id, c.first_name, c.last_name, c.party_id])).toEqual([
      [alex.complainantId, 'Alexandra', 'Subjectson', alex.party.id],
    ]);
    expect(json.parties.map((p: any) => [p.id, p.first_name])).toEqual([[alex.party.id, 'Alexandra']]);
    expect(json.cases.map((k: any) => k.case_number)).toEqual(['BM26P00001']);
    const references = alex.complaints.map((c) => c.reference);
    expect(json.complaints.map((c: any) => c.reference)).toEqual(references);
    expect(json.complaints[0].summary).toBe("Alexandra's complaint number 1: the report is wrong.");

    // The letters and the evidence file, each beside the JSON with the digest it records.
    const letters = json.complaints.flatMap((c: any) => c.letters);
    expect(letters.map((l: any) => [l.template, l.channel])).toEqual([
      ['acknowledgement', 'POST'],
      ['acknowledgement', 'POST'],
    ]);
    const [file] = json.complaints[0].evidence[0].files;
    expect(file).toMatchObject({
      id: alexFile.id,
      filename: 'Attendance sheet.pdf',
      sha256: sha256(PDF),
      path: `evidence/${references[0]}/${alexFile.id}-Attendance sheet.pdf`,
    });
    const files = new Map(entries.slice(1));
    expect([...files.keys()].sort()).toEqual([...letters.map((l: any) => l.path), file.path].sort());
    expect(json.files.map((f: any) => f.path).sort()).toEqual([...files.keys()].sort());
    for (const { path, sha256: digest, size } of json.files) {
      expect(sha256(files.get(path)!), path).toBe(digest);
      expect(files.get(path)!.length).toBe(size);
    }
    expect(files.get(letters[0].path)!.subarray(0, 5).toString()).toBe('%PDF-');

    // The messages sent to them: both acknowledgements, by post, to this complainant.
    const sent = json.notifications.map((n: any) => [n.template, n.channel, n.recipient_kind, n.recipient_id]);
    expect(sent).toEqual([
      ['acknowledgement', 'POST', 'COMPLAINANT', alex.complainantId],
      ['acknowledgement', 'POST', 'COMPLAINANT', alex.complainantId],
    ]);
    expect(json.notifications[0]).not.toHaveProperty('lease_token');

    // Nothing of the other person on the same case.
    const text = entries[0][1].toString('utf8');
    for (const absent of ['Beatrix', 'Otherperson', bea.complaints[0].reference, bea.complainantId, bea.party.id])
      expect(text).not.toContain(absent);
    expect([...files.keys()].some((p) => p.includes(bea.complaints[0].reference))).toBe(false);
  });

  it('finds the same person from their party record', async () => {
    const asked = await w.mutate(EXPORT, { partyId: alex.party.id }, w.tokens.manager);
    expect(asked.errors).toEqual([]);
    const json = JSON.parse((await unzip((await download(asked.downloadUrl)).body))[0][1].toString('utf8'));
    expect(json.person).toEqual({ kind: 'party', id: alex.party.id });
    expect(json.complainants.map((c: any) => c.id)).toEqual([alex.complainantId]);
    expect(json.complaints.map((c: any) => c.reference)).toEqual(alex.complaints.map((c) => c.reference));
  });

  it('audits who asked about whom and each download, with the digest of the JSON served', async () => {
    const asked = await w.mutate(EXPORT, { complainantId: alex.complainantId }, w.tokens.manager);
    const got = await download(asked.downloadUrl);
    const json = (await unzip(got.body))[0][1];
    const events = await w.db.dataSource.query(
      `SELECT action, actor_id AS "actorId", actor_role AS "actorRole", entity_type AS "entityType", change
         FROM audit_events WHERE entity_id = $1 ORDER BY sequence`,
      [asked.exportId],
    );
    expect(events).toEqual([
      {
        action: 'subject-access.exported',
        actorId: w.cstManager.id,
        actorRole: 'CST_MANAGER',
        entityType: 'SubjectAccessExport',
        change: { person: { kind: 'complainant', id: alex.complainantId }, expiresAt: asked.expiresAt },
      },
      {
        action: 'subject-access.downloaded',
        actorId: w.cstManager.id,
        actorRole: 'CST_MANAGER',
        entityType: 'SubjectAccessExport',
        change: {
          person: { kind: 'complainant', id: alex.complainantId },
          complaints: alex.complaints.map((c) => c.reference),
          files: 3,
          sha256: sha256(json),
        },
      },
    ]);
  });

  it('is refused to everyone but CST managers, and served only to the one who asked, within a day', async () => {
    const provider = await w.gw.token(Role.PROVIDER, w.provider.id);
    const hr = await w.gw.token(Role.HR_SYSTEM, 'hr-system');
    for (const token of [w.tokens.officer, w.tokens.head, w.tokens.lineManager, w.tokens.practitioner, provider, hr]) {
      const r = await w.gw.query(EXPORT, { input: { complainantId: alex.complainantId } }, token);
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(r.data?.exportSubjectAccess ?? null).toBeNull();
    }
    const asked = await w.mutate(EXPORT, { complainantId: alex.complainantId }, w.tokens.manager);
    for (const token of [w.tokens.officer, w.tokens.head, provider, hr]) {
      const r = await download(asked.downloadUrl, token);
      expect(r.status).toBe(403);
    }
    expect((await download(asked.downloadUrl, null)).status).toBe(401);
    const otherManager = await w.f.staff({ role: Role.CST_MANAGER, lastName: 'Other-Lead' });
    expect((await download(asked.downloadUrl, await w.gw.token(Role.CST_MANAGER, otherManager.id))).status).toBe(404);
    expect((await download(`/subject-access/${randomUUID()}`)).status).toBe(404);

    const tomorrow = await startTestGateway(w.db, { now: () => new Date(NOW.getTime() + 25 * 3600 * 1000) });
    try {
      const url = `${tomorrow.gateway.url.replace(/\/graphql$/, '')}/subject-access/${asked.exportId}`;
      const late = await fetch(url, { headers: { authorization: `Bearer ${w.tokens.manager}` } });
      expect(late.status).toBe(410);
    } finally {
      await tomorrow.stop();
    }
    const downloads = await w.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'subject-access.downloaded'`,
      [asked.exportId],
    );
    expect(downloads).toEqual([{ n: 0 }]);
  });

  it('needs exactly one of the person’s ids, and one that names someone', async () => {
    const none = await w.mutate(EXPORT, {}, w.tokens.manager);
    expect(none.errors).toEqual([
      {
        code: 'INVALID',
        field: 'input',
        message: 'name the person by exactly one of complainantId, partyId or childId',
      },
    ]);
    expect(none.exportId).toBeNull();
    const two = await w.mutate(EXPORT, { complainantId: alex.complainantId, partyId: alex.party.id }, w.tokens.manager);
    expect(two.errors.map((e: any) => e.field)).toEqual(['input']);
    const unknown = await w.mutate(EXPORT, { childId: randomUUID() }, w.tokens.manager);
    expect(unknown.errors.map((e: any) => [e.code, e.field])).toEqual([['NOT_FOUND', 'input.childId']]);
    const [{ n }] = await w.db.dataSource.query(
      `SELECT count(*)::int AS n FROM subject_access_exports WHERE person_id <> ALL($1::uuid[])`,
      [[alex.complainantId, alex.party.id]],
    );
    expect(n).toBe(0);
  });
});
