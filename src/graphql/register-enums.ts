/** Every enum of the graph, registered once with the descriptions of src/domain/enum-docs.ts. */
import { registerEnumType } from 'type-graphql';
import * as enums from '../domain/enums';
import { ENUM_DOCS, type EnumName } from '../domain/enum-docs';
import { COMPLAINT_ORDER_DOCS, ComplaintOrder } from '../services/complaint.service';
import { enumConfig } from './enum-config';

for (const name of Object.keys(ENUM_DOCS) as EnumName[]) {
  registerEnumType(enums[name], enumConfig(name, ENUM_DOCS[name]));
}
registerEnumType(ComplaintOrder, enumConfig('ComplaintOrder', COMPLAINT_ORDER_DOCS));
