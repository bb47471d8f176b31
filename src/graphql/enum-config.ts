/** How an enum's docs (src/domain/enum-docs.ts) become type-graphql's options for it. */
import type { registerEnumType } from 'type-graphql';
import type { EnumDoc } from '../domain/enum-docs';

/** type-graphql's options for an enum: its name, its description and one for each value. */
export function enumConfig(name: string, doc: EnumDoc<string>): Parameters<typeof registerEnumType>[1] {
  const valuesConfig = Object.fromEntries(
    Object.entries(doc.values).map(([value, description]) => [value, { description }]),
  );
  return { name, description: doc.description, valuesConfig };
}
