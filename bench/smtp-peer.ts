/**
 * The SMTP peer of `npm run bench:notify`, in a process of its own as a mail server is: it accepts
 * every message and answers the parent's `count` and `reset` messages over IPC. Started with fork().
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

let received = 0;
let firstAt: number | null = null;
let lastAt: number | null = null;
const peer = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received += 1;
      lastAt = Date.now();
      firstAt ??= lastAt;
      callback();
    });
  },
});
peer.listen(0, '127.0.0.1', () => process.send!({ port: (peer.server.address() as AddressInfo).port }));
process.on('message', (message: string) => {
  if (message === 'reset') [received, firstAt, lastAt] = [0, null, null];
  if (message === 'close') peer.close(() => process.exit(0));
  process.send!({ received, firstAt, lastAt });
});
