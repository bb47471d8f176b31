/**
 * docs/fields-by-role.md (issue 17) is generated from the rules the gateway enforces, and says what it does:
 * the committed page is the one the code writes, and a real gateway lets each role select exactly what the
 * page lists for it — every listed field of a complaint selected at once answers without an error, and every
 * field it lists as refused is refused with FORBIDDEN.
 */
import { readFile } from 'node:fs/promises';
import { getNamedType, isLeafType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AspectCategory, Role } from '../src/domain/enums';
import { ProviderEngagement, type Complaint } from '../src/entities';
import { roleGuide, reachableTypes } from '../src/graphql/role-guide';
import { createSchema, fieldRulesOf } from '../src/graphql/schema';
import { createServices } from '../src/services/services';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';

let schema: GraphQLSchema;
let db: TestDatabase;
let gw: TestGateway;
let complaint: Complaint;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  schema = await createSchema(createServices());
  db = await createTestDatabase();
  const f = new Factory(db.dataSource);
  const area = await f.serviceArea({ name: 'Midlands' });
  const court = await f.court({ name: 'Family Court at Birmingham' });
  const provider = await f.provider({ name: 'Brightpath Contact Centre' });
  const head = await f.staff({ role: Role.SENIOR_MANAGER, serviceAreaId: area.id, lastName: 'Head' });
  const manager = await f.staff({ role: Role.LINE_MANAGER, lineManagerId: head.id, lastName: 'Manager' });
  const adviser = await f.staff({ serviceAreaId: area.id, lineManagerId: manager.id, lastName: 'Adviser' });
  const kase = await f.case({
    caseNumber: 'BM26P00001',
    courtId: court.id,
    serviceAreaId: area.id,
    practitionerId: adviser.id,
  });
  complaint = await f.complaint({ caseId: kase.id, subjectStaffId: adviser.id, summary: 'Sessions cancelled' });
  const aspect = await f.aspect(complaint.id, {
    category: AspectCategory.PROVIDER_ACTIONS,
    providerId: provider.id,
    description: 'The provider cancelled sessions',
  });
  await db.dataSource.getRepository(ProviderEngagement).save({
    complaintId: complaint.id,
    aspectId: aspect.id,
    providerId: provider.id,
    consequenceKey: `engagement:${aspect.id}`,
    dueOn: '2026-11-20',
  });
  gw = await startTestGateway(db);
  const officer = await f.staff({ role: Role.CST_OFFICER, lastName: 'Officer' });
  tokens[Role.CST_OFFICER] = await gw.token(Role.CST_OFFICER, officer.id);
  tokens[Role.PROVIDER] = await gw.token(Role.PROVIDER, provider.id);
  tokens[Role.PRACTITIONER] = await gw.token(Role.PRACTITIONER, adviser.id);
  tokens[Role.LINE_MANAGER] = await gw.token(Role.LINE_MANAGER, manager.id);
});

afterAll(async () => {
  await gw?.stop();
  await db?.drop();
});

/** A selection of `Complaint.field`: a leaf as it is, an object by its `__typename`; null for fields needing arguments. */
function selection(field: string): string | null {
  const definition = (schema.getType('Complaint') as GraphQLObjectType).getFields()[field];
  if (definition.args.some((arg) => arg.type.toString().endsWith('!') && arg.defaultValue === undefined)) return null;
  return isLeafType(getNamedType(definition.type)) ? field : `${field} { __typename }`;
}

describe('docs/fields-by-role.md', () => {
  it('is the page the rules give (run `npm run schema:emit` when this fails)', async () => {
    expect(roleGuide(schema, fieldRulesOf(schema))).toBe(await readFile('docs/fields-by-role.md', 'utf8'));
  });

  it.each([Role.PROVIDER, Role.CST_OFFICER, Role.PRACTITIONER, Role.LINE_MANAGER])(
    'lists for %s exactly the fields of a complaint the gateway lets it select',
    async (role) => {
      const access = reachableTypes(schema, fieldRulesOf(schema), role).find((t) => t.type.name === 'Complaint');
      if (!access) throw new Error(`${role} reaches no complaint`);
      const query = (fields: string[]) => `query ($id: ID!) { complaint(id: $id) { ${fields.join(' ')} } }`;
      // Everything listed, at once: no error, and the complaint itself is there.
      const allowed = access.allowed.map(selection).filter((s): s is string => s !== null);
      const all = await gw.query(query(allowed), { id: complaint.id }, tokens[role]);
      expect(all.errors).toBeUndefined();
      expect(all.data.complaint.id).toBe(complaint.id);
      // Each field listed as refused, alone: FORBIDDEN at its path.
      expect(access.refused.length).toBeGreaterThan(0);
      for (const field of access.refused) {
        const sel = selection(field);
        if (!sel) continue;
        const refused = await gw.query(query(['id', sel]), { id: complaint.id }, tokens[role]);
        expect(
          refused.errors?.map((e: any) => [e.extensions.code, e.path.join('.')]),
          field,
        ).toEqual([['FORBIDDEN', `complaint.${field}`]]);
      }
    },
  );

  it('gives a provider its operations and its part of a complaint, and nothing of what SPEC §3 keeps from it', () => {
    const access = reachableTypes(schema, fieldRulesOf(schema), Role.PROVIDER);
    const complaintFields = access.find((t) => t.type.name === 'Complaint');
    expect(complaintFields?.allowed).toEqual(expect.arrayContaining(['reference', 'providerEngagements']));
    expect(complaintFields?.refused).toEqual(expect.arrayContaining(['summary', 'notes', 'auditTrail']));
    // Types a provider reads nothing of (beyond an id) are not on its list at all.
    const page = roleGuide(schema, fieldRulesOf(schema));
    const section = page.slice(page.indexOf('## PROVIDER'), page.indexOf('## CASE_SYSTEM'));
    expect(section).toContain('- **Mutations:** `submitProviderResponse`');
    expect(section).not.toMatch(/\| `(Staff|ComplaintNote|Referral|Response)` \|/);
    expect(access.every((t) => isObjectType(t.type))).toBe(true);
  });
});
