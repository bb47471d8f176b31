/** Builds the executable schema from the resolvers; `schema.graphql` is printed from it. */
import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import { CaseFields, ContactLogFields, CourtReportFields, HearingFields } from '../resolvers/case.fields';
import { CaseResolver } from '../resolvers/case.resolver';
import { ComplainantFields } from '../resolvers/complainant.fields';
import {
  ComplaintAspectFields, ComplimentFields, CourtNotificationFields, LearningPointFields, OmbudsmanEscalationFields, ProviderEngagementFields,
  ReferralFields, ReportCorrectionFields, ResponseFields,
} from '../resolvers/complaint-aspect.fields';
import { ComplaintFields } from '../resolvers/complaint.fields';
import { ComplaintResolver } from '../resolvers/complaint.resolver';
import { AssessmentResolver } from '../resolvers/assessment.resolver';
import { AfterResponseResolver } from '../resolvers/after-response.resolver';
import { IntakeResolver } from '../resolvers/intake.resolver';
import { NotificationResolver } from '../resolvers/notification.resolver';
import { RecordKeepingResolver } from '../resolvers/record-keeping.resolver';
import { RegisterResolver } from '../resolvers/register.resolver';
import { ResponseResolver } from '../resolvers/response.resolver';
import { TriageResolver } from '../resolvers/triage.resolver';
import { MeResolver } from '../resolvers/me.resolver';
import { ReferenceDataResolver } from '../resolvers/reference-data.resolver';
import { StaffFields } from '../resolvers/staff.fields';
import { RoleAuthChecker } from './auth-checker';
import './register-enums';
import { DateTime } from './scalars';

export const RESOLVERS = [
  MeResolver, ReferenceDataResolver, ComplaintResolver, ComplaintFields, CaseResolver, CaseFields, HearingFields,
  CourtReportFields, ContactLogFields, StaffFields, ComplainantFields, ComplaintAspectFields, ReferralFields,
  CourtNotificationFields, ReportCorrectionFields, ProviderEngagementFields, ResponseFields, OmbudsmanEscalationFields,
  LearningPointFields, ComplimentFields, IntakeResolver, TriageResolver, AssessmentResolver, ResponseResolver, AfterResponseResolver,
  RecordKeepingResolver, RegisterResolver, NotificationResolver,
] as const;

export async function createSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    authChecker: RoleAuthChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: DateTime }],
    validate: false,
  });
  const open = fieldsWithoutRule();
  if (open.length > 0) throw new Error(`every operation and field needs an @Authorized rule (deny by default); missing on: ${open.join(', ')}`);
  return schema;
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
