/**
 * Prints a development token for a demo user: `npm run token -- --role CST_OFFICER [--subject <id>] [--ttl 8h]`.
 * Demo users have fixed ids (src/seed/ids.ts), so no database is needed.
 */
import { ConfigError, loadDotEnv, readConfig } from '../src/config';
import { loadSecret, signToken } from '../src/auth/tokens';
import { Role } from '../src/domain/enums';
import { demoSubject } from '../src/seed/ids';
import { option, run } from './cli';

run(async () => {
  loadDotEnv();
  const argv = process.argv.slice(2);
  const role = option(argv, 'role') ?? '';
  if (!(Object.values(Role) as string[]).includes(role)) {
    throw new ConfigError(`--role must be one of ${Object.values(Role).join(', ')}`);
  }
  const config = readConfig();
  const demo = demoSubject(role as Role);
  const subject = option(argv, 'subject') ?? demo.subject;
  const partnerId = role === Role.PROVIDER ? (option(argv, 'subject') ?? demo.partnerId) : undefined;
  const token = await signToken(loadSecret(config.dataDir, config.jwtSecret), {
    subject,
    role: role as Role,
    partnerId,
    expiresIn: option(argv, 'ttl') ?? '8h',
  });
  process.stdout.write(token + '\n');
});
