/**
 * The benchmark's SMTP sink, run in a worker thread so that receiving does not take
 * CPU time from the sender being measured (on a 2-core machine they get one core
 * each, as a real SMTP relay on another host would). Accepts everything, parses
 * nothing, logs nothing; counts messages and the time of the last one in shared memory.
 */
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { SMTPServer } from 'smtp-server';

const counters = new Int32Array((workerData as { counters: SharedArrayBuffer }).counters);
const lastAt = new Float64Array((workerData as { lastAt: SharedArrayBuffer }).lastAt);

const server = new SMTPServer({
  logger: false,
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  size: 1024 * 1024,
  maxClients: 200,
  onData(stream, _session, callback) {
    stream.on('end', () => {
      lastAt[0] = performance.timeOrigin + performance.now();
      Atomics.add(counters, 0, 1);
      callback();
    });
    stream.resume();
  },
});
server.listen(0, '127.0.0.1', () => {
  parentPort?.postMessage({ port: (server.server.address() as AddressInfo).port });
});
parentPort?.on('message', (message: string) => {
  if (message === 'close') server.close(() => process.exit(0));
});
