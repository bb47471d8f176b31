// Before `npm start`: build `dist/` when the compiler is installed (development: one command from a
// fresh clone); run what was built when it is not (production, after `npm prune --omit=dev`, README
// "Production install"). Plain JavaScript, so that it runs where TypeScript is absent.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

let compiler;
try {
  compiler = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  compiler = null;
}
if (compiler) {
  execFileSync(process.execPath, [compiler, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
} else if (!existsSync('dist/src/main.js')) {
  console.error(
    'error: dist/ is not built and the TypeScript compiler is not installed (NODE_ENV=production npm ci leaves it ' +
      'out): run npm ci, npm run build, then npm prune --omit=dev (README "Production install")',
  );
  process.exit(1);
}
