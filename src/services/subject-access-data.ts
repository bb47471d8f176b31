/**
 * What the service holds about one person (SPEC §1.12, issue 16), gathered for a subject access export:
 * the person as every complainant record, party and child that is them, the cases they are in, the
 * complaints they made with what was written about them (aspects, responses, extensions, evidence,
 * letters, internal notes, ombudsman escalations), their contact restrictions and adjustments, and the
 * messages sent to them. Rows are given whole (`to_jsonb`: every column, the database's names), so
 * that nothing held is left out by a list that was not kept up to date; only delivery machinery
 * (leases, queue keys) is left out. Complaints others made about the same case are theirs, not this
 * person's, and are not included.
 */
import type { EntityManager } from 'typeorm';

/** How the person is named: one of their records. */
export type PersonRef = { kind: 'complainant' | 'party' | 'child'; id: string };

type Row = Record<string, unknown> & { id: string };

/** A file the ZIP carries: where in it, and where its bytes are. */
export interface ExportFile {
  kind: 'document' | 'evidence';
  id: string;
  path: string;
  storage: string;
  size: number;
  sha256: string;
}

export interface GatheredData {
  /** The JSON's content, apart from the export's own header. */
  data: Record<string, unknown>;
  complaintReferences: string[];
  files: ExportFile[];
}

/** Columns of the delivery machinery: not data about the person. */
const MACHINERY = ['lease_token', 'lease_until', 'idempotency_key', 'letter_file'];

async function rows(tx: EntityManager, sql: string, params: unknown[]): Promise<Row[]> {
  const result: { row: Row }[] = await tx.query(sql, params);
  return result.map((r) => r.row);
}

/** Every row of `table` whose `column` is one of `ids`, oldest first. */
function rowsOf(tx: EntityManager, table: string, column: string, ids: string[]): Promise<Row[]> {
  if (ids.length === 0) return Promise.resolve([]);
  const minus = MACHINERY.map((c) => ` - '${c}'`).join('');
  return rows(
    tx,
    `SELECT to_jsonb(t)${minus} AS row FROM ${table} t WHERE t.${column} = ANY($1::uuid[]) ORDER BY t.created_at, t.id`,
    [ids],
  );
}

/** Rows grouped by a column's value. */
function byKey(list: Row[], key: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of list) {
    const value = String(row[key]);
    groups.set(value, [...(groups.get(value) ?? []), row]);
  }
  return groups;
}

/** A name that is safe as the last part of a path in a ZIP. */
// eslint-disable-next-line no-control-regex
const safeName = (name: string) => name.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_').slice(0, 150) || 'file';

/** Every record that is the person: complainant records, parties and children linked to one another. */
async function identities(tx: EntityManager, person: PersonRef) {
  const column = { complainant: 'id', party: 'party_id', child: 'child_id' }[person.kind];
  let complainants = await rowsOf(tx, 'complainants', column, [person.id]);
  const partyIds = new Set<string>(person.kind === 'party' ? [person.id] : []);
  const childIds = new Set<string>(person.kind === 'child' ? [person.id] : []);
  for (const c of complainants) {
    if (c.party_id) partyIds.add(String(c.party_id));
    if (c.child_id) childIds.add(String(c.child_id));
  }
  // The same person complaining again is matched through their party or child (SPEC §1.2).
  const linked = [
    ...(await rowsOf(tx, 'complainants', 'party_id', [...partyIds])),
    ...(await rowsOf(tx, 'complainants', 'child_id', [...childIds])),
  ];
  complainants = [...new Map([...complainants, ...linked].map((c) => [c.id, c])).values()];
  const parties = await rowsOf(tx, 'parties', 'id', [...partyIds]);
  const children = await rowsOf(tx, 'children', 'id', [...childIds]);
  const caseIds = [...new Set([...parties, ...children].map((r) => String(r.case_id)))];
  return { complainants, parties, children, cases: await rowsOf(tx, 'cases', 'id', caseIds) };
}

/** The complaints the person made, each with what was written about it and the files kept with it. */
async function complaintsOf(tx: EntityManager, complainantIds: string[]) {
  const complaints = await rowsOf(tx, 'complaints', 'complainant_id', complainantIds);
  const ids = complaints.map((c) => c.id);
  const related = async (table: string) => byKey(await rowsOf(tx, table, 'complaint_id', ids), 'complaint_id');
  // One after another: the transaction's connection runs one statement at a time.
  const groups: Map<string, Row[]>[] = [];
  for (const table of [
    'complaint_aspects',
    'responses',
    'deadline_extensions',
    'evidence',
    'evidence_files',
    'documents',
    'complaint_notes',
    'ombudsman_escalations',
  ])
    groups.push(await related(table));
  const [aspects, responses, extensions, evidence, files, documents, notes, escalations] = groups;
  const recommendations = byKey(
    await rowsOf(
      tx,
      'ombudsman_recommendations',
      'escalation_id',
      [...escalations.values()].flat().map((e) => e.id),
    ),
    'escalation_id',
  );
  const kept: ExportFile[] = [];
  /** The file's place in the ZIP (null once retention deleted its bytes). */
  const place = (kind: ExportFile['kind'], reference: string, f: Row) => {
    if (f.content_deleted_at) return { ...f, path: null };
    const folder = kind === 'document' ? 'documents' : 'evidence';
    const path = `${folder}/${reference}/${f.id}-${safeName(String(f.filename))}`;
    kept.push({ kind, id: f.id, path, storage: String(f.storage), size: Number(f.size), sha256: String(f.sha256) });
    return { ...f, path };
  };
  const gathered = complaints.map((c) => {
    const reference = String(c.reference);
    const filesOf = byKey(files.get(c.id) ?? [], 'evidence_id');
    return {
      ...c,
      aspects: aspects.get(c.id) ?? [],
      responses: responses.get(c.id) ?? [],
      deadline_extensions: extensions.get(c.id) ?? [],
      evidence: (evidence.get(c.id) ?? []).map((e) => ({
        ...e,
        files: (filesOf.get(e.id) ?? []).map((f) => place('evidence', reference, f)),
      })),
      letters: (documents.get(c.id) ?? []).map((d) => place('document', reference, d)),
      notes: notes.get(c.id) ?? [],
      ombudsman_escalations: (escalations.get(c.id) ?? []).map((e) => ({
        ...e,
        recommendations: recommendations.get(e.id) ?? [],
      })),
    };
  });
  return { complaints: gathered, references: complaints.map((c) => String(c.reference)), files: kept };
}

/** Everything held about the person, and the files to put beside it. */
export async function gatherSubjectData(tx: EntityManager, person: PersonRef): Promise<GatheredData> {
  const who = await identities(tx, person);
  const complainantIds = who.complainants.map((c) => c.id);
  const { complaints, references, files } = await complaintsOf(tx, complainantIds);
  const notifications = await rows(
    tx,
    `SELECT to_jsonb(n)${MACHINERY.map((c) => ` - '${c}'`).join('')} AS row FROM notifications n
      WHERE n.recipient_kind = 'COMPLAINANT' AND n.recipient_id = ANY($1::uuid[]) ORDER BY n.created_at, n.id`,
    [complainantIds],
  );
  return {
    data: {
      complainants: who.complainants,
      parties: who.parties,
      children: who.children,
      cases: who.cases,
      complaints,
      contact_restrictions: await rowsOf(tx, 'contact_restrictions', 'complainant_id', complainantIds),
      reasonable_adjustments: await rowsOf(tx, 'reasonable_adjustments', 'complainant_id', complainantIds),
      notifications,
    },
    complaintReferences: references,
    files,
  };
}
