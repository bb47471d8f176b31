// Part of `npm run build`: copies the explorer's prebuilt bundle (Ruru's static files, from the npm package
// of that name, a devDependency) into dist/explorer, where the gateway serves it from once `npm prune
// --omit=dev` has dropped the package (src/http/explorer.ts). Source maps are left out. Plain JavaScript,
// as scripts/prestart.mjs.
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const from = path.join(path.dirname(createRequire(import.meta.url).resolve('ruru')), '..', 'static');
const to = path.join('dist', 'explorer');
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true, filter: (source) => !source.endsWith('.map') });
