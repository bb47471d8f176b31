/** Builds the executable schema from the resolvers; `schema.graphql` is printed from it. */
import 'reflect-metadata';
import { isObjectType, lexicographicSortSchema, printSchema, type GraphQLField, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage, type ContainerType } from 'type-graphql';
import { CaseFields, ContactLogFields, CourtReportFields, HearingFields } from '../resolvers/case.fields';
import { CaseResolver } from '../resolvers/case.resolver';
import { CaseFileResolver } from '../resolvers/case-file.resolver';
import { ProviderResponseResolver } from '../resolvers/provider-response.resolver';
import { ComplainantFields } from '../resolvers/complainant.fields';
import {
  ComplaintAspectFields,
  CourtNotificationFields,
  ProviderEngagementFields,
  ReportCorrectionFields,
} from '../resolvers/complaint-aspect.fields';
import { BankHolidayResolver } from '../resolvers/bank-holiday.resolver';
import { EvidenceResolver } from '../resolvers/evidence.resolver';
import { CourtActionResolver } from '../resolvers/court-action.resolver';
import { ComplainantResolver } from '../resolvers/complainant.resolver';
import { ContactRestrictionFields } from '../resolvers/contact-restriction.fields';
import { ContactRestrictionResolver } from '../resolvers/contact-restriction.resolver';
import { CorrectionResolver } from '../resolvers/correction.resolver';
import { ComplimentFields } from '../resolvers/compliment.fields';
import { ComplimentResolver } from '../resolvers/compliment.resolver';
import { StaffDirectoryResolver } from '../resolvers/staff-directory.resolver';
import { AssignmentResolver, CaseloadEntryFields } from '../resolvers/assignment.resolver';
import { ComplaintNoteResolver } from '../resolvers/complaint-note.resolver';
import { DocumentFields, NotificationDocumentFields } from '../resolvers/document.fields';
import { EvidenceFileFields, EvidenceFilesFields } from '../resolvers/evidence-file.fields';
import { SubjectAccessResolver } from '../resolvers/subject-access.resolver';
import { LearningPointFields } from '../resolvers/learning-point.fields';
import { LearningPointResolver } from '../resolvers/learning-point.resolver';
import { OmbudsmanEscalationFields } from '../resolvers/ombudsman.fields';
import { OmbudsmanResolver } from '../resolvers/ombudsman.resolver';
import { ReferralFields } from '../resolvers/referral.fields';
import { ReferralResolver } from '../resolvers/referral.resolver';
import { ResponseFields } from '../resolvers/response.fields';
import { ComplaintFields } from '../resolvers/complaint.fields';
import { ComplaintResolver } from '../resolvers/complaint.resolver';
import { AssessmentResolver } from '../resolvers/assessment.resolver';
import { IntakeResolver } from '../resolvers/intake.resolver';
import { LegalHoldResolver } from '../resolvers/legal-hold.resolver';
import { NotificationResolver } from '../resolvers/notification.resolver';
import { ResponseResolver } from '../resolvers/response.resolver';
import { TriageResolver } from '../resolvers/triage.resolver';
import { MeResolver } from '../resolvers/me.resolver';
import { ReferenceDataResolver } from '../resolvers/reference-data.resolver';
import { StaffFields } from '../resolvers/staff.fields';
import { StatisticsResolver } from '../resolvers/statistics.resolver';
import { ComplaintCorrespondenceFields, InboundMailResolver } from '../resolvers/inbound-mail.resolver';
import { ProviderWebhookResolver } from '../resolvers/provider-webhook.resolver';
import { NodeResolver } from '../resolvers/node.resolver';
import type { Role } from '../domain/enums';
import type { Services } from '../services/services';
import { guardedResolver, type FieldRules } from './auth-checker';
import { registerNodeTypes } from './node-types';
import type { Context } from '../services/context';
import './register-enums';
import { DateTime } from './scalars';

export const RESOLVERS = [
  MeResolver,
  ReferenceDataResolver,
  ComplaintResolver,
  ComplaintFields,
  CaseResolver,
  CaseFields,
  HearingFields,
  CourtReportFields,
  ContactLogFields,
  StaffFields,
  ComplainantFields,
  ComplaintAspectFields,
  ReferralFields,
  CourtNotificationFields,
  ReportCorrectionFields,
  ProviderEngagementFields,
  ResponseFields,
  OmbudsmanEscalationFields,
  LearningPointFields,
  ComplimentFields,
  IntakeResolver,
  EvidenceResolver,
  TriageResolver,
  AssessmentResolver,
  CourtActionResolver,
  ResponseResolver,
  OmbudsmanResolver,
  ComplimentResolver,
  StaffDirectoryResolver,
  AssignmentResolver,
  CaseloadEntryFields,
  ComplaintNoteResolver,
  DocumentFields,
  NotificationDocumentFields,
  LearningPointResolver,
  ReferralResolver,
  ComplainantResolver,
  ContactRestrictionResolver,
  ContactRestrictionFields,
  BankHolidayResolver,
  NotificationResolver,
  LegalHoldResolver,
  StatisticsResolver,
  CaseFileResolver,
  ProviderResponseResolver,
  CorrectionResolver,
  InboundMailResolver,
  ComplaintCorrespondenceFields,
  EvidenceFilesFields,
  EvidenceFileFields,
  SubjectAccessResolver,
  ProviderWebhookResolver,
  NodeResolver,
] as const;

/**
 * Resolvers are built once each, handed the services (type-graphql asks its container for the
 * instance of a resolver class whenever a field of it runs).
 */
function resolverContainer(services: Services): ContainerType {
  const instances = new Map<unknown, unknown>();
  return {
    get(resolverClass: new (services: Services) => unknown) {
      let instance = instances.get(resolverClass);
      if (!instance) instances.set(resolverClass, (instance = new resolverClass(services)));
      return instance;
    },
  };
}

export async function createSchema(services: Services): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    container: resolverContainer(services),
    // No auth checker: type-graphql would run it for every field in an asynchronous middleware chain;
    // guardFields below enforces the same rules. Null (not undefined) passes type-graphql's check that
    // `@Authorized` has a checker, and adds no middleware.
    authChecker: null as unknown as undefined,
    scalarsMap: [{ type: Date, scalar: DateTime }],
    validate: false,
  });
  const open = fieldsWithoutRule();
  if (open.length > 0)
    throw new Error(
      `every operation and field needs an @Authorized rule (deny by default); missing on: ${open.join(', ')}`,
    );
  const rules = guardFields(schema);
  FIELD_RULES.set(schema, rules);
  describeRoots(schema);
  registerNodeTypes(schema, rules);
  return schema;
}

/** The root types have no class of their own to carry a description: they get it here. */
function describeRoots(schema: GraphQLSchema): void {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  if (query)
    query.description =
      'What the caller may read: each field is limited to the roles and rows of SPEC §3 (a field refused to the ' +
      "caller's role is a FORBIDDEN error; a row outside its scope is absent or null).";
  if (mutation)
    mutation.description =
      'The steps of the procedure. Each runs in one transaction, is audited, and returns its own payload: ' +
      'the change, or `errors` the user can correct with nothing changed (`upsertCaseFile` applies the valid records ' +
      'of its batch), and `userWarnings`.';
}

/**
 * Every operation and field with an `@Authorized` rule gets a synchronous guard (src/graphql/auth-checker.ts)
 * instead of type-graphql's asynchronous middleware chain, which cost most of the throughput of a page of
 * complaints. Plain property fields are read directly; field resolvers keep their own resolver.
 */
function guardFields(schema: GraphQLSchema): FieldRules {
  const storage = getMetadataStorage();
  const rules = new Map<string, Role[]>();
  const guards: { field: GraphQLField<unknown, Context>; coordinate: string; property?: string }[] = [];
  for (const [root, operations] of [
    [schema.getQueryType(), storage.queries],
    [schema.getMutationType(), storage.mutations],
  ] as const) {
    if (!root) continue;
    for (const op of operations) {
      const field = root.getFields()[op.schemaName];
      if (!field || !op.roles) continue;
      const coordinate = `${root.name}.${field.name}`;
      rules.set(coordinate, op.roles as Role[]);
      guards.push({ field, coordinate });
    }
  }
  const byTarget = new Map(storage.objectTypes.map((def) => [def.target, def]));
  const resolved = new Set(storage.fieldResolvers.map((r) => `${r.getObjectType?.().name}.${r.methodName}`));
  for (const def of storage.objectTypes) {
    const type = schema.getType(def.name);
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    // Own fields first, then inherited ones (a subclass may redeclare a field with its own rule).
    for (
      // type-graphql keys its metadata by class, typed as Function.
      // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
      let target: Function | null = def.target;
      target && byTarget.has(target);
      target = Object.getPrototypeOf(target)
    ) {
      for (const field of byTarget.get(target)!.fields ?? []) {
        const graphqlField = fields[field.schemaName];
        const coordinate = `${type.name}.${field.schemaName}`;
        if (!graphqlField || !field.roles || rules.has(coordinate)) continue;
        rules.set(coordinate, field.roles as Role[]);
        const property = resolved.has(`${def.target.name}.${field.name}`) ? undefined : field.name;
        guards.push({ field: graphqlField, coordinate, property });
      }
    }
  }
  for (const { field, coordinate, property } of guards)
    field.resolve = guardedResolver(coordinate, rules, field.resolve, property);
  return rules;
}

const FIELD_RULES = new WeakMap<GraphQLSchema, FieldRules>();

/** The `@Authorized` rule of every operation and field of a schema `createSchema` built (docs/fields-by-role.md). */
export function fieldRulesOf(schema: GraphQLSchema): FieldRules {
  const rules = FIELD_RULES.get(schema);
  if (!rules) throw new Error('the schema was not built by createSchema');
  return rules;
}

/**
 * Operations and object fields without an `@Authorized` rule (on the field, or on its class).
 * Deny by default: the gateway refuses to build a schema with any, so a new field is a failing
 * test rather than an open door.
 */
export function fieldsWithoutRule(): string[] {
  const storage = getMetadataStorage();
  const operations = [...storage.queries, ...storage.mutations, ...storage.subscriptions]
    .filter((op) => op.roles === undefined)
    .map((op) => `${op.target.name}.${op.methodName}`);
  const fields = storage.objectTypes.flatMap((type) =>
    (type.fields ?? []).filter((field) => field.roles === undefined).map((field) => `${type.name}.${field.name}`),
  );
  return [...operations, ...fields];
}

/** The SDL committed as `schema.graphql`: sorted, so that the diff shows real changes only. */
export function printSchemaFile(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
