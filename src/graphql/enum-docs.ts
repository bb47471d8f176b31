/** An enum's value descriptions, kept as plain data beside the enum in the domain, in type-graphql's form. */
export function valuesConfig<K extends string>(docs: Record<K, string>): Record<K, { description: string }> {
  return Object.fromEntries(Object.entries(docs).map(([value, description]) => [value, { description }])) as Record<
    K,
    { description: string }
  >;
}
