/** Every enum of the graph, registered once with the descriptions of src/domain/enum-docs.ts. */
import { registerEnumType } from 'type-graphql';
import * as enums from '../domain/enums';
import { ENUM_DOCS, type EnumDoc, type EnumName } from '../domain/enum-docs';
import { COMPLAINT_ORDER_DOCS, ComplaintOrder } from '../services/complaint.service';

/** type-graphql's options for an enum: its name, its description and one for each value. */
export function enumConfig(name: string, doc: EnumDoc<string>): Parameters<typeof registerEnumType>[1] {
  const valuesConfig = Object.fromEntries(
    Object.entries(doc.values).map(([value, description]) => [value, { description }]),
  );
  return { name, description: doc.description, valuesConfig };
}

for (const name of Object.keys(ENUM_DOCS) as EnumName[]) {
  registerEnumType(enums[name], enumConfig(name, ENUM_DOCS[name]));
}
registerEnumType(ComplaintOrder, enumConfig('ComplaintOrder', COMPLAINT_ORDER_DOCS));
