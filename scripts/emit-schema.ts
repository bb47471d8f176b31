/** Writes `schema.graphql` from the code: `npm run schema:emit`. A test fails when the committed file is stale. */
import { writeFile } from 'node:fs/promises';
import { createSchema, printSchemaFile } from '../src/graphql/schema';
import { createServices } from '../src/services/services';
import { commandLine, run } from './cli';

run(async () => {
  commandLine('npm run schema:emit', {});
  await writeFile('schema.graphql', printSchemaFile(await createSchema(createServices())));
  console.log('wrote schema.graphql');
});
