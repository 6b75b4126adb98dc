import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of PostgreSQL, so a test can make the real
 * database unreachable (cut every connection, refuse new ones) and bring it back.
 */
export interface TcpProxy {
  port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let port = 0;
  const createServer = (): net.Server =>
    net.createServer((client) => {
      const upstream = net.connect(targetPort, targetHost);
      sockets.add(client).add(upstream);
      const drop = (): void => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
  const listen = (server: net.Server): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  let server: net.Server | null = createServer();
  await listen(server);
  const stop = async (): Promise<void> => {
    if (!server) return;
    const closing = new Promise<void>((resolve) => server?.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await closing;
    server = null;
  };
  return {
    port,
    cut: stop,
    async restore(): Promise<void> {
      if (server) return;
      server = createServer();
      await listen(server);
    },
    close: stop,
  };
}
