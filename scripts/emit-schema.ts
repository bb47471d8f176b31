/**
 * Writes `schema.graphql` and `docs/fields-by-role.md` from the code: `npm run schema:emit`. Tests fail when
 * either committed file is stale.
 */
import { writeFile } from 'node:fs/promises';
import { createSchema, fieldRulesOf, printSchemaFile } from '../src/graphql/schema';
import { roleGuide } from '../src/graphql/role-guide';
import { createServices } from '../src/services/services';
import { commandLine, run } from './cli';

run(async () => {
  commandLine('npm run schema:emit', {});
  const schema = await createSchema(createServices());
  await writeFile('schema.graphql', printSchemaFile(schema));
  await writeFile('docs/fields-by-role.md', roleGuide(schema, fieldRulesOf(schema)));
  console.log('wrote schema.graphql and docs/fields-by-role.md');
});
