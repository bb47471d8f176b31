/**
 * Evidence files (issue 16), over HTTP and through the graph: `POST /evidence/:id/files` keeps a file
 * of an item of evidence for O and M (multipart, the caller's bearer token), its type checked by its
 * content and its size against the limit, refused with a reason otherwise (415 naming the type, 413, 400);
 * SHA-256 recorded; `Evidence.files` lists it and `GET /evidence-files/:id` serves it, audited, to those
 * who read the complaint and to nobody else. Bytes in PostgreSQL, or in a real S3-compatible server
 * (s3rver) with FILE_STORE=s3; an upload that fails leaves neither a row nor bytes; retention deletes the
 * files of anonymised complaints from either store, a legal hold keeps them, and orphans are swept.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/domain/enums';
import { RetentionService } from '../src/services/retention.service';
import { startTestGateway, type TestGateway } from './fixtures/gateway';
import { createWorld, type World } from './fixtures/procedure';
import { startS3Peer, type S3Peer } from './fixtures/s3';

const NOW = new Date('2026-11-04T15:00:00Z');
const LATER = new Date('2032-11-06T03:00:00Z'); // past the six years of retention
let w: World;
let s3: S3Peer;
/** A gateway over the same database keeping evidence files in the S3-compatible server. */
let s3gw: TestGateway;

beforeAll(async () => {
  w = await createWorld(NOW, { EVIDENCE_FILE_MAX_MB: '1' });
  s3 = await startS3Peer();
  s3gw = await startTestGateway(w.db, { now: () => NOW, env: { ...s3.env, EVIDENCE_FILE_MAX_MB: '1' } });
});

afterAll(async () => {
  await s3gw?.stop();
  await s3?.stop();
  await w?.stop();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const FILES = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  png: Buffer.from(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
      '1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082',
    'hex',
  ),
  gif: Buffer.concat([Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0, 0, 0]), Buffer.alloc(20)]),
  wav: Buffer.concat([Buffer.from('RIFF'), Buffer.from([36, 0, 0, 0]), Buffer.from('WAVEfmt '), Buffer.alloc(32)]),
  text: Buffer.from('Notes of the call on 3 November: the contact centre said the session was cancelled.\n'),
  unknown: Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xfe, 0xfa, 0x13, 0x00, 0x7f]),
};

const ADD_EVIDENCE = `mutation ($input: AddEvidenceInput!) {
  addEvidence(input: $input) { evidence { id uploadUrl } errors { code field message } } }`;

async function evidenceOf(complaintId: string, extra: Record<string, unknown> = {}) {
  const payload = await w.mutate(ADD_EVIDENCE, {
    complaintId,
    kind: 'DOCUMENT',
    description: 'What the complainant sent',
    source: 'the complainant',
    ...extra,
  });
  expect(payload.errors).toEqual([]);
  return payload.evidence as { id: string; uploadUrl: string };
}

async function complaintWithEvidence(extra: Record<string, unknown> = {}) {
  const party = await w.f.party(w.kase.id, { firstName: 'Sam', lastName: `Files-${randomUUID().slice(0, 8)}` });
  const complaint = await w.recordAdult({
    complainant: { kind: 'ADULT_PARTY', firstName: 'Sam', lastName: 'Files', partyId: party.id },
  });
  return { complaint, evidence: await evidenceOf(complaint.id, extra) };
}

/** The address a gateway answers on, for a path or for a URL the graph gave (PUBLIC_URL is not it). */
const at = (gw: TestGateway, url: string) =>
  gw.gateway.url.replace(/\/graphql$/, '') + url.replace(/^https:\/\/complaints\.example\.org/, '');

/** A multipart upload, as a browser's FormData sends it. */
async function upload(
  url: string,
  bytes: Buffer,
  name: string,
  options: { type?: string; token?: string | null; gw?: TestGateway } = {},
) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: options.type ?? 'application/octet-stream' }), name);
  const token = options.token === undefined ? w.tokens.officer : options.token;
  const response = await fetch(at(options.gw ?? w.gw, url), {
    method: 'POST',
    body: form,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

async function download(url: string, token: string | null = w.tokens.manager, gw: TestGateway = w.gw) {
  const response = await fetch(at(gw, url), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

const FILE_FIELDS = 'id evidenceId filename contentType size sha256 uploadedById contentDeletedAt downloadUrl';

async function filesOf(complaintId: string, token = w.tokens.manager) {
  const r = await w.gw.query(
    `query ($id: ID) { complaint(id: $id) { evidence { id files { ${FILE_FIELDS} } }
       auditTrail { action entityType entityId actorId actorRole } } }`,
    { id: complaintId },
    token,
  );
  expect(r.errors).toBeUndefined();
  return r.data.complaint;
}

const rowsOf = async (evidenceId: string) =>
  w.db.dataSource.query('SELECT id, storage FROM evidence_files WHERE evidence_id = $1', [evidenceId]);

describe('uploading an evidence file', () => {
  it('keeps a PDF with its SHA-256, lists it on the evidence and serves it to complaint readers, audited', async () => {
    const { complaint, evidence } = await complaintWithEvidence();
    expect(evidence.uploadUrl).toBe(`https://complaints.example.org/evidence/${evidence.id}/files`);
    const name = 'Contact log – Mai’s notes.pdf';
    const up = await upload(evidence.uploadUrl, FILES.pdf, name, { type: 'application/pdf' });
    expect(up.status).toBe(201);
    const file = up.body.file;
    expect(file).toMatchObject({
      evidenceId: evidence.id,
      filename: name,
      contentType: 'application/pdf',
      size: FILES.pdf.length,
      sha256: sha256(FILES.pdf),
      downloadUrl: `https://complaints.example.org/evidence-files/${file.id}`,
    });
    expect(up.headers.get('location')).toBe(`/evidence-files/${file.id}`);

    const listed = await filesOf(complaint.id);
    expect(listed.evidence[0].files).toEqual([
      {
        id: file.id,
        evidenceId: evidence.id,
        filename: name,
        contentType: 'application/pdf',
        size: FILES.pdf.length,
        sha256: sha256(FILES.pdf),
        uploadedById: w.officer.id,
        contentDeletedAt: null,
        downloadUrl: file.downloadUrl,
      },
    ]);
    expect(await rowsOf(evidence.id)).toEqual([{ id: file.id, storage: 'postgres' }]);

    for (const token of [w.tokens.manager, w.tokens.practitioner, w.tokens.lineManager]) {
      const got = await download(file.downloadUrl, token);
      expect(got.status).toBe(200);
      expect(got.body.equals(FILES.pdf)).toBe(true);
      expect(got.headers.get('content-type')).toBe('application/pdf');
      expect(got.headers.get('content-disposition')).toBe(
        `attachment; filename="Contact log _ Mai_s notes.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
      );
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const trail = (await filesOf(complaint.id)).auditTrail;
    expect(trail.filter((e: any) => e.action === 'evidence.file-added')).toEqual([
      {
        action: 'evidence.file-added',
        entityType: 'EvidenceFile',
        entityId: file.id,
        actorId: w.officer.id,
        actorRole: 'CST_OFFICER',
      },
    ]);
    expect(trail.filter((e: any) => e.action === 'evidence-file.downloaded').map((e: any) => e.actorRole)).toEqual([
      'CST_MANAGER',
      'PRACTITIONER',
      'LINE_MANAGER',
    ]);
  });

  it('takes the type from the content, not the name, and refuses a type not allowed naming it (415)', async () => {
    const { complaint, evidence } = await complaintWithEvidence({ kind: 'PHOTOGRAPH' });
    const png = await upload(evidence.uploadUrl, FILES.png, 'statement.pdf', { type: 'application/pdf' });
    expect(png.status).toBe(201);
    expect(png.body.file).toMatchObject({ filename: 'statement.pdf', contentType: 'image/png' });
    const wav = await upload(evidence.uploadUrl, FILES.wav, 'C:\\fakepath\\voicemail.wav', { type: 'audio/wav' });
    expect(wav.body.file).toMatchObject({ filename: 'voicemail.wav', contentType: 'audio/wav' });
    const text = await upload(evidence.uploadUrl, FILES.text, 'call notes', { type: 'text/plain' });
    expect(text.body.file).toMatchObject({ filename: 'call notes', contentType: 'text/plain' });

    const gif = await upload(evidence.uploadUrl, FILES.gif, 'photo.jpg', { type: 'image/jpeg' });
    expect(gif.status).toBe(415);
    expect(gif.body.errors[0].extensions.code).toBe('UNSUPPORTED_FILE_TYPE');
    expect(gif.body.errors[0].message).toMatch(
      /content is image\/gif \(\.gif\), which is not allowed; allowed: .*image\/jpeg/,
    );
    const unknown = await upload(evidence.uploadUrl, FILES.unknown, 'letter.pdf', { type: 'application/pdf' });
    expect(unknown.status).toBe(415);
    expect(unknown.body.errors[0].message).toMatch(
      /not of a type that is recognised \(it was sent as application\/pdf\)/,
    );
    const empty = await upload(evidence.uploadUrl, Buffer.alloc(0), 'empty.pdf');
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].extensions.code).toBe('EMPTY_FILE');

    const kept = (await filesOf(complaint.id)).evidence[0].files;
    expect(kept.map((f: any) => f.contentType)).toEqual(['image/png', 'audio/wav', 'text/plain']);
  });

  it('refuses a file over the size limit with 413, keeping nothing', async () => {
    const { complaint, evidence } = await complaintWithEvidence({ kind: 'RECORDING' });
    const big = Buffer.concat([FILES.pdf, randomBytes(1024 * 1024)]);
    const r = await upload(evidence.uploadUrl, big, 'recording.pdf');
    expect(r.status).toBe(413);
    expect(r.body.errors[0]).toEqual({
      message: 'the file is larger than the limit of 1 MB',
      extensions: { code: 'FILE_TOO_LARGE' },
    });
    expect(await rowsOf(evidence.id)).toEqual([]);
    expect((await filesOf(complaint.id)).evidence[0].files).toEqual([]);
    // Exactly at the limit is allowed.
    const most = Buffer.concat([FILES.pdf, randomBytes(1024 * 1024 - FILES.pdf.length)]);
    expect((await upload(evidence.uploadUrl, most, 'recording.pdf')).status).toBe(201);
  });

  it('is for O and M within their rows; unknown or rejected evidence is refused and nothing is kept', async () => {
    const { evidence } = await complaintWithEvidence();
    const provider = await w.gw.token(Role.PROVIDER, w.provider.id);
    for (const token of [w.tokens.head, w.tokens.practitioner, w.tokens.lineManager, provider]) {
      const r = await upload(evidence.uploadUrl, FILES.pdf, 'x.pdf', { token });
      expect(r.status).toBe(403);
      expect(r.body.errors[0].extensions.code).toBe('FORBIDDEN');
    }
    expect((await upload(evidence.uploadUrl, FILES.pdf, 'x.pdf', { token: null })).status).toBe(401);
    const manager = await upload(evidence.uploadUrl, FILES.pdf, 'x.pdf', { token: w.tokens.manager });
    expect(manager.status).toBe(201);

    const unknown = await upload(`/evidence/${randomUUID()}/files`, FILES.pdf, 'x.pdf');
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].extensions).toEqual({ code: 'NOT_FOUND', field: 'evidenceId' });
    expect((await upload('/evidence/not-an-id/files', FILES.pdf, 'x.pdf')).status).toBe(404);

    const { evidence: rejected } = await complaintWithEvidence({
      rejected: true,
      rejectionReason: 'Recorded covertly',
    });
    const refused = await upload(rejected.uploadUrl, FILES.wav, 'covert.wav');
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].message).toMatch(/not accepted/);
    expect(await rowsOf(rejected.id)).toEqual([]);
    const [{ n }] = await w.db.dataSource.query(
      'SELECT count(*)::int AS n FROM evidence_file_contents c WHERE NOT EXISTS (SELECT 1 FROM evidence_files f WHERE f.id = c.evidence_file_id)',
    );
    expect(n).toBe(0);
  });

  it('takes one file per request, as multipart/form-data (400 otherwise, keeping nothing)', async () => {
    const { evidence } = await complaintWithEvidence();
    const url = at(w.gw, evidence.uploadUrl);
    const auth = { authorization: `Bearer ${w.tokens.officer}` };
    const raw = await fetch(url, {
      method: 'POST',
      body: FILES.pdf,
      headers: { ...auth, 'content-type': 'application/pdf' },
    });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as any).errors[0].message).toBe(
      'send the file as multipart/form-data, in a part named "file"',
    );
    const two = new FormData();
    two.append('file', new Blob([FILES.pdf]), 'one.pdf');
    two.append('file', new Blob([FILES.png]), 'two.png');
    const both = await fetch(url, { method: 'POST', body: two, headers: auth });
    expect(both.status).toBe(400);
    expect(((await both.json()) as any).errors[0].message).toBe('send one file per request');
    const none = new FormData();
    none.append('note', 'no file here');
    expect((await fetch(url, { method: 'POST', body: none, headers: auth })).status).toBe(400);
    expect((await fetch(url, { method: 'PUT', body: FILES.pdf, headers: auth })).status).toBe(405);
    expect(await rowsOf(evidence.id)).toEqual([]);
  });

  it('is downloaded by those who read the complaint only: partners 403, outside the rows or unknown 404', async () => {
    const { evidence } = await complaintWithEvidence();
    const { file } = (await upload(evidence.uploadUrl, FILES.pdf, 'x.pdf')).body;
    const elsewhere = await w.f.staff({ serviceAreaId: w.area.id, lastName: 'Elsewhere' });
    const outsider = await w.gw.token(Role.PRACTITIONER, elsewhere.id);
    const provider = await w.gw.token(Role.PROVIDER, w.provider.id);
    expect((await download(file.downloadUrl, outsider)).status).toBe(404);
    expect((await download(file.downloadUrl, provider)).status).toBe(403);
    expect((await download(file.downloadUrl, null)).status).toBe(401);
    expect((await download(`/evidence-files/${randomUUID()}`)).status).toBe(404);
    expect((await download('/evidence-files/..%2Fdocuments')).status).toBe(404);
  });
});

describe('an S3-compatible object store (FILE_STORE=s3)', () => {
  const objectKey = (id: string) => `complaints/evidence/${id}`;

  it('keeps the bytes in the bucket, none in PostgreSQL, and serves them from there', async () => {
    const { complaint, evidence } = await complaintWithEvidence();
    const up = await upload(evidence.uploadUrl, FILES.png, 'photo.png', { gw: s3gw });
    expect(up.status).toBe(201);
    const { file } = up.body;
    expect(file.sha256).toBe(sha256(FILES.png));
    expect(await s3.keys()).toContain(objectKey(file.id));
    expect(await rowsOf(evidence.id)).toEqual([{ id: file.id, storage: 's3' }]);
    const contents = await w.db.dataSource.query('SELECT 1 FROM evidence_file_contents WHERE evidence_file_id = $1', [
      file.id,
    ]);
    expect(contents).toEqual([]);
    const got = await download(file.downloadUrl, w.tokens.officer, s3gw);
    expect(got.status).toBe(200);
    expect(sha256(got.body)).toBe(file.sha256);
    expect((await filesOf(complaint.id)).auditTrail.map((e: any) => e.action)).toContain('evidence-file.downloaded');
  });

  it('leaves no row when the store fails (503), and no object when the row cannot be written', async () => {
    const broken = await startTestGateway(w.db, { now: () => NOW, env: { ...s3.env, S3_BUCKET: 'no-such-bucket' } });
    try {
      const { evidence } = await complaintWithEvidence();
      const r = await upload(evidence.uploadUrl, FILES.pdf, 'x.pdf', { gw: broken });
      expect(r.status).toBe(503);
      expect(r.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await rowsOf(evidence.id)).toEqual([]);
    } finally {
      await broken.stop();
    }

    // The bytes go first; the row's transaction then fails (a withdrawn complaint takes no evidence): they go too.
    const { complaint, evidence } = await complaintWithEvidence();
    const withdraw = await w.mutate(
      `mutation ($input: WithdrawComplaintInput!) { withdrawComplaint(input: $input) { errors { code } } }`,
      { complaintId: complaint.id, reason: 'Sorted out' },
    );
    expect(withdraw.errors).toEqual([]);
    const before = await s3.keys();
    const r = await upload(evidence.uploadUrl, FILES.pdf, 'x.pdf', { gw: s3gw });
    expect(r.status).toBe(409);
    expect(r.body.errors[0].extensions.code).toBe('ILLEGAL_TRANSITION');
    expect(await rowsOf(evidence.id)).toEqual([]);
    expect(await s3.keys()).toEqual(before);
  });
});

describe('retention', () => {
  it('deletes the files of anonymised complaints from either store, keeps a legal hold’s, and sweeps orphans', async () => {
    const WITHDRAW = `mutation ($input: WithdrawComplaintInput!) { withdrawComplaint(input: $input) { errors { code } } }`;
    const gone = await complaintWithEvidence();
    const held = await complaintWithEvidence();
    const files: Record<string, any[]> = { gone: [], held: [] };
    for (const [key, c] of [
      ['gone', gone],
      ['held', held],
    ] as const) {
      files[key].push((await upload(c.evidence.uploadUrl, FILES.pdf, 'Letter from Sam Files.pdf')).body.file);
      files[key].push((await upload(c.evidence.uploadUrl, FILES.png, 'photo.png', { gw: s3gw })).body.file);
      expect((await w.mutate(WITHDRAW, { complaintId: c.complaint.id, reason: 'Sorted' })).errors).toEqual([]);
    }
    const hold = await w.mutate(
      `mutation ($input: SetLegalHoldInput!) { setLegalHold(input: $input) { errors { code } } }`,
      { complaintId: held.complaint.id, legalHold: true, reason: 'Proceedings about the evidence' },
      w.tokens.manager,
    );
    expect(hold.errors).toEqual([]);
    // Bytes no row points at: an upload whose process died between the object and the row.
    const orphan = `complaints/evidence/${randomUUID()}`;
    await s3.put(orphan, FILES.text);
    const foreign = 'complaints/evidence/not-a-file-id';
    await s3.put(foreign, FILES.text);

    const run = await new RetentionService(w.gw.services.audit, w.db.dataSource, s3gw.config, s3gw.services.files).run({
      now: () => LATER,
    });
    expect(run.failed).toEqual([]);
    expect(run.anonymised.map((a) => a.complaintId)).toContain(gone.complaint.id);
    expect(run.anonymised.map((a) => a.complaintId)).not.toContain(held.complaint.id);
    expect(run.sweptFiles).toBeGreaterThanOrEqual(1);

    const after = (await filesOf(gone.complaint.id)).evidence[0].files;
    expect(after).toEqual(
      files.gone.map((f) => ({
        id: f.id,
        evidenceId: gone.evidence.id,
        filename: '[anonymised]',
        contentType: f.contentType,
        size: f.size,
        sha256: f.sha256,
        uploadedById: w.officer.id,
        contentDeletedAt: LATER.toISOString(),
        downloadUrl: null,
      })),
    );
    const [pg, object] = files.gone;
    expect(
      await w.db.dataSource.query('SELECT 1 FROM evidence_file_contents WHERE evidence_file_id = $1', [pg.id]),
    ).toEqual([]);
    const keys = await s3.keys();
    expect(keys).not.toContain(`complaints/evidence/${object.id}`);
    expect(keys).not.toContain(orphan);
    expect(keys).toContain(foreign);
    for (const f of files.gone) expect((await download(f.downloadUrl, w.tokens.manager, s3gw)).status).toBe(410);

    expect(keys).toContain(`complaints/evidence/${files.held[1].id}`);
    for (const f of files.held) {
      const got = await download(f.downloadUrl, w.tokens.manager, s3gw);
      expect(got.status).toBe(200);
      expect(sha256(got.body)).toBe(f.sha256);
    }
    expect((await filesOf(held.complaint.id)).evidence[0].files.map((f: any) => f.filename)).toEqual([
      'Letter from Sam Files.pdf',
      'photo.png',
    ]);
  });
});
