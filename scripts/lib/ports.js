// Loopback ports for the servers the scripts and tests start.
import net from 'node:net';

/** A port nothing listens on right now (the system picks it), for a server about to start. */
export async function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Why host:port cannot be listened on, or null when it can: 'in-use', 'no-permission' (a port
 * below 1024 without privileges) or 'no-address' (the host is not an address of this machine).
 * Tries to listen, so it also sees a listener on another address of the same port.
 */
export function cannotListen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (error) => {
      const reasons = { EADDRINUSE: 'in-use', EACCES: 'no-permission', EADDRNOTAVAIL: 'no-address', ENOTFOUND: 'no-address' };
      resolve(reasons[error.code] ?? error.code ?? 'error');
    });
    server.listen(port, host, () => server.close(() => resolve(null)));
  });
}

/** `cannotListen`'s reason as the end of a sentence ("port 4010 on 127.0.0.1 …"). */
export function whyCannotListen(reason) {
  return { 'in-use': 'is already in use', 'no-permission': 'needs privileges', 'no-address': 'is not an address of this machine' }[reason] ?? `cannot be used (${reason})`;
}
