/**
 * What every enum of src/domain/enums.ts means, for a reader of the graph: the one home of these texts
 * (src/graphql/register-enums.ts gives them to the schema). Typed so that a new enum, or a new value of
 * one, does not compile until it is described here.
 */
import type * as enums from './enums';
import { PROCEDURE_ENUM_DOCS } from './enum-docs-procedure';
import { RECORD_ENUM_DOCS } from './enum-docs-records';

/** An enum's description and one for each of its values. */
export interface EnumDoc<E extends string> {
  description: string;
  values: Record<E, string>;
}

type Enums = typeof enums;

/** The names of the enums among the module's exports (lists such as STAFF_ROLES are not). */
export type EnumName = {
  [K in keyof Enums]: Enums[K] extends readonly unknown[] ? never : Enums[K] extends object ? K : never;
}[keyof Enums];

/** The docs of the enum `K`, over its values. */
export type EnumDocOf<K extends EnumName> = EnumDoc<Enums[K][keyof Enums[K]] & string>;

export type EnumDocs<K extends EnumName> = { [N in K]: EnumDocOf<N> };

/** Every enum's docs by its name in the graph (the export's name). */
export const ENUM_DOCS: EnumDocs<EnumName> = { ...PROCEDURE_ENUM_DOCS, ...RECORD_ENUM_DOCS };
