/**
 * The webhook benchmark's receiver, in a worker thread so that receiving does not
 * take CPU time from the sender being measured (as a real receiver on another host
 * would not). Reads each body, answers 200, counts requests and the time of the
 * last one in shared memory.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

const counters = new Int32Array((workerData as { counters: SharedArrayBuffer }).counters);
const lastAt = new Float64Array((workerData as { lastAt: SharedArrayBuffer }).lastAt);

const server = createServer((request, response) => {
  request.on('data', () => {});
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('ok');
    lastAt[0] = performance.timeOrigin + performance.now();
    Atomics.add(counters, 0, 1);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  parentPort?.postMessage({ port: (server.address() as AddressInfo).port });
});
parentPort?.on('message', (message: string) => {
  if (message === 'close') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
