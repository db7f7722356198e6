import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * The first port of the kernel's ephemeral range (outgoing connections take their local port there). A
 * server started on a port of that range can find it taken by any client socket of the machine — under
 * a loaded CI run, now and then — so the tests' servers take theirs below it.
 */
function ephemeralStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A port free now, below the ephemeral range, drawn at random from 20,000 up (test files run in parallel
 * and each may start servers): for a server a test starts itself, and may stop and start again on it.
 */
export async function quietPort(): Promise<number> {
  const end = Math.max(ephemeralStart(), 21_000);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * (end - 20_000));
    if (await isFree(port)) return port;
  }
  throw new Error('no free port below the ephemeral range');
}
