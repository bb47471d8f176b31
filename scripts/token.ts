/**
 * Prints a development token for a demo user: `npm run token -- --role CST_OFFICER [--subject <id>] [--ttl 8h]`.
 * Demo users have fixed ids (src/seed/ids.ts), so no database is needed.
 */
import { ConfigError, loadDotEnv, readConfig } from '../src/config';
import { loadSecret, signToken } from '../src/auth/tokens';
import { Role } from '../src/domain/enums';
import { demoSubject } from '../src/seed/ids';
import { commandLine, run } from './cli';

run(async () => {
  const { values } = commandLine('npm run token -- --role ROLE [--subject <id>] [--ttl 8h]', {
    role: { type: 'string', default: '' },
    subject: { type: 'string' },
    ttl: { type: 'string', default: '8h' },
  });
  loadDotEnv();
  const role = values.role;
  if (!(Object.values(Role) as string[]).includes(role)) {
    throw new ConfigError(`--role must be one of ${Object.values(Role).join(', ')}`);
  }
  const config = readConfig();
  const demo = demoSubject(role as Role);
  const subject = values.subject ?? demo.subject;
  const partnerId = role === Role.PROVIDER ? (values.subject ?? demo.partnerId) : undefined;
  const token = await signToken(loadSecret(config.dataDir, config.jwtSecret), {
    subject,
    role: role as Role,
    partnerId,
    expiresIn: values.ttl,
  });
  process.stdout.write(token + '\n');
});
