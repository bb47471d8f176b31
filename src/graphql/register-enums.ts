/** Every enum of the graph, registered once with its description. */
import { registerEnumType } from 'type-graphql';
import * as enums from '../domain/enums';
import { ComplaintOrder } from '../services/complaint.service';

const descriptions: Partial<Record<string, string>> = {
  ComplaintStatus: 'Where a complaint is in the procedure (SPEC "Statuses and transitions").',
  ComplainantKind: 'Who complains (§2).',
  DueReason: 'Why the response is due when it is (SPEC "Deadline arithmetic").',
  Role: 'Roles of SPEC §3.',
};

for (const [name, value] of Object.entries(enums)) {
  if (typeof value === 'object' && !Array.isArray(value)) {
    registerEnumType(value, { name, description: descriptions[name] });
  }
}
registerEnumType(ComplaintOrder, { name: 'ComplaintOrder', description: 'Orderings of the complaints list.' });
