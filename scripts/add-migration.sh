#!/usr/bin/env bash
# Generates a migration from the entities and registers it in src/db/migrations/index.ts.
# Usage: scripts/add-migration.sh PascalCaseName
set -euo pipefail
cd "$(dirname "$0")/.."
name="$1"
out=$(npm run -s migration:generate -- "$name" 2>&1 | grep -v nodedir | grep -v DeprecationWarning | grep -v trace-deprecation)
echo "$out"
file=$(echo "$out" | sed -n 's#^wrote src/db/migrations/\(.*\)\.ts:.*#\1#p')
[ -n "$file" ] || exit 0
class=$(grep -o "class ${name}[0-9]*" "src/db/migrations/$file.ts" | cut -d' ' -f2)
python3 - "$file" "$class" <<'PY'
import sys
file, cls = sys.argv[1], sys.argv[2]
p = 'src/db/migrations/index.ts'
s = open(p).read()
imports_end = s.index('\n\nexport const MIGRATIONS')
s = s[:imports_end] + f"\nimport {{ {cls} }} from './{file}';" + s[imports_end:]
s = s.replace('];', f', {cls}];')
open(p, 'w').write(s)
PY
cat src/db/migrations/index.ts
