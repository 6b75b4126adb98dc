import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The real Prometheus Alertmanager for tests (Debian's `prometheus-alertmanager`),
 * found or installed like Chromium (tests/support/chromium.ts), started as a child
 * process of the test with its own config, storage and port, and killed by PID.
 * Nothing depends on the system service: the package's service is never started.
 */

const CANDIDATES = ['/usr/bin/prometheus-alertmanager', '/usr/bin/alertmanager'];
const POLICY_RC = '/usr/sbin/policy-rc.d';

/** Finds the alertmanager binary, installing Debian's package with apt when running as root. */
export function findAlertmanager(): string {
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (found) return found;
  if (process.getuid?.() === 0) {
    console.log("Alertmanager not found: installing Debian's prometheus-alertmanager package with apt-get…");
    // policy-rc.d answering 101 ("action forbidden") keeps the package's postinst from
    // starting the system service; only written when none exists, and removed after.
    const ownPolicy = !existsSync(POLICY_RC);
    if (ownPolicy) writeFileSync(POLICY_RC, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
    try {
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'prometheus-alertmanager'], { stdio: 'inherit', env });
    } finally {
      if (ownPolicy) unlinkSync(POLICY_RC);
    }
    const installed = CANDIDATES.find((candidate) => existsSync(candidate));
    if (installed) return installed;
  }
  throw new Error(
    'The Alertmanager tests need /usr/bin/prometheus-alertmanager. Install it with "sudo apt-get install -y prometheus-alertmanager" (Debian/Ubuntu) and run the tests again.',
  );
}

/** A port the OS just handed out (Alertmanager cannot be told to pick one itself). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface AlertmanagerOptions {
  /** Where the webhook receiver posts: the test's Herald, e.g. http://127.0.0.1:1234/api/v1/alerts/alertmanager. */
  webhookUrl: string;
  /** Sent as `Authorization: Bearer <token>` (http_config.authorization). */
  token: string;
  /** Grouping: default `['alertname', 'service']`. */
  groupBy?: string[];
  /** Short by default so a test sees notifications within seconds. */
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
}

export interface AlertInput {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

export interface AlertmanagerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** POST /api/v2/alerts: fire (or, with endsAt in the past, resolve) alerts. */
  postAlerts(alerts: AlertInput[]): Promise<void>;
  stop(): Promise<void>;
}

/** The config file: one webhook receiver pointing at Herald, sending resolved notifications too. */
export function alertmanagerConfig(options: AlertmanagerOptions): string {
  // JSON is YAML, so the config needs no YAML writer and every value is quoted safely.
  return JSON.stringify(
    {
      route: {
        receiver: 'herald',
        group_by: options.groupBy ?? ['alertname', 'service'],
        group_wait: options.groupWait ?? '1s',
        group_interval: options.groupInterval ?? '2s',
        repeat_interval: options.repeatInterval ?? '1h',
      },
      receivers: [
        {
          name: 'herald',
          webhook_configs: [
            {
              url: options.webhookUrl,
              send_resolved: true,
              http_config: { authorization: { type: 'Bearer', credentials: options.token } },
            },
          ],
        },
      ],
    },
    null,
    2,
  );
}

/** Starts Alertmanager with a temp config and storage on a free loopback port; resolves once it is ready. */
export async function startAlertmanager(options: AlertmanagerOptions, timeoutMs = 30_000): Promise<AlertmanagerProcess> {
  const binary = findAlertmanager();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'herald-alertmanager-'));
  const configFile = path.join(dir, 'alertmanager.yml');
  writeFileSync(configFile, alertmanagerConfig(options));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=', // empty: no clustering, no gossip port
      '--log.level=info',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`Alertmanager exited with ${child.exitCode} before it was ready:\n${output}`);
    }
    const ready = await fetch(`${url}/-/ready`).then((response) => response.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Alertmanager was not ready within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    child,
    output: () => output,
    async postAlerts(alerts) {
      const response = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (!response.ok) throw new Error(`Alertmanager refused the alerts: ${response.status} ${await response.text()}`);
    },
    stop,
  };
}
