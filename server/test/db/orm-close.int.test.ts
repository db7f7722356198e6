import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/common/logger.js';
import { initOrm } from '../../src/db/orm.js';
import { entities } from '../../src/modules.js';
import { createTestDatabase } from '../helpers/database.js';

/** A loopback TCP relay to `target` that holds every new connection `delayMs` before relaying it: a slow connect. */
async function slowRelay(target: URL, delayMs: number): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.pause();
    setTimeout(() => {
      const upstream = connect(Number(target.port), target.hostname, () => {
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.port = String((server.address() as { port: number }).port);
  return {
    url: url.toString(),
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('closing the ORM', () => {
  let relay: Awaited<ReturnType<typeof slowRelay>> | undefined;
  afterEach(() => relay?.close());

  // A request still running when the server stops (a sibling resolver of a field that already failed
  // keeps going after the answer left) may be opening a connection as the pool closes. The pool must
  // still close: kysely 0.29.6, which MikroORM pins, leaked that connection and waited for it forever
  // (the override to 0.29.9 in package.json; CI saw `runtime.stop` hang 120 s once).
  it('ends even when a statement is still opening its connection, and that statement fails', async () => {
    relay = await slowRelay(new URL(await createTestDatabase()), 400);
    const orm = await initOrm({ databaseUrl: relay.url, entities, poolMax: 2, logger: createLogger('silent') });
    const statement = orm.em.fork().execute('select 1 as one');
    const settled = statement.then(
      () => 'answered',
      () => 'refused',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = orm.close().then(() => 'closed');
    const outcome = await Promise.race([closed, new Promise((resolve) => setTimeout(() => resolve('still closing after 10 s'), 10_000))]);
    expect(outcome).toBe('closed');
    expect(await settled).toBe('refused');
  });
});
