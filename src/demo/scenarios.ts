import type { ComponentKey } from './catalogue.ts';

/**
 * Incident scenarios for the demo page: what a calm, specific status page says at
 * each step of a real incident. Each text is a function of the incident's context so
 * that two incidents of the same kind still read differently.
 */

export interface ScenarioContext {
  /** A cloud region, e.g. "eu-central-1". */
  region: string;
  /** Edge locations, e.g. "Frankfurt and Amsterdam". */
  edge: string;
  /** Start and end of the impact, "HH:MM" in UTC. */
  from: string;
  to: string;
  /** Length of the impact in minutes. */
  minutes: number;
  /** A deterministic integer in [min, max], for the numbers in the text. */
  n(min: number, max: number): number;
}

type Text = (ctx: ScenarioContext) => string;

export interface Scenario {
  id: string;
  /** The component that takes the brunt; it gets the incident's worst status. */
  primary: ComponentKey;
  /** Components that may be affected too, one status milder. */
  secondary: readonly ComponentKey[];
  title: Text;
  investigating: Text;
  identified: Text;
  monitoring: Text;
  resolved: Text;
  /** Notes for responders only: they must never reach the public page. */
  internal: readonly [Text, Text];
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'database-failover',
    primary: 'postgres',
    secondary: ['api', 'backups'],
    title: (c) => `Connection errors on Managed PostgreSQL in ${c.region}`,
    investigating: (c) =>
      `We are investigating connection errors on a subset of Managed PostgreSQL clusters in **${c.region}**. ` +
      'Applications may see `connection reset` or `could not connect to server` errors. We will post another update within 30 minutes.',
    identified: (c) =>
      `A storage host behind several primary nodes in ${c.region} stopped responding, and automatic failover did not complete for some clusters. ` +
      'We are promoting the standby nodes of the affected clusters by hand.',
    monitoring: () =>
      'All affected clusters now run on their former standby nodes and accept connections. Connection strings have not changed.\n\n' +
      'If your application still cannot connect, restarting its connection pool will pick up the new primary. We are monitoring.',
    resolved: (c) =>
      `This incident is resolved. Between ${c.from} and ${c.to} UTC, some Managed PostgreSQL clusters in ${c.region} were unreachable ` +
      `or read-only for up to ${Math.min(c.minutes, c.n(12, 35))} minutes. **No committed data was lost.** ` +
      'We will publish a post-incident review within five business days.',
    internal: [
      (c) =>
        `Storage host st-${c.n(10, 89)} stopped answering health checks; ${c.n(4, 11)} clusters lost quorum and did not fail over. ` +
        'Running the manual promote runbook, one cluster at a time.',
      () => 'Follow-ups: alert when a failover is stuck for more than 2 minutes; check why the fencing step timed out. Support has the macro for affected customers.',
    ],
  },
  {
    id: 'api-latency',
    primary: 'api',
    secondary: ['dashboard', 'webhooks'],
    title: () => 'Elevated API latency',
    investigating: () =>
      'We are seeing elevated response times on the API, and some requests are timing out after 30 seconds. The dashboard may feel slow too. We are investigating.',
    identified: (c) =>
      `We have traced the latency to a change to our API gateway's connection limits, rolled out shortly before ${c.from} UTC. We are rolling it back now.\n\n` +
      'While the rollback is in progress:\n' +
      '- requests may take several seconds to complete\n' +
      '- retries with exponential backoff will succeed\n' +
      '- no requests have been lost',
    monitoring: (c) =>
      `The rollback is complete and p99 latency is back in its usual range (under ${c.n(25, 40) * 10} ms). We are monitoring to make sure it stays there.`,
    resolved: (c) =>
      `API latency has been normal for ${c.n(2, 4) * 10} minutes and this incident is resolved. From ${c.from} to ${c.to} UTC, part of the API traffic was slow ` +
      'or timed out. We have added a canary stage for gateway configuration changes, so a change like this is caught before it reaches every region.',
    internal: [
      (c) => `Gateway config change #${c.n(4100, 4999)} lowered max upstream connections from 512 to 64. Reverting via the deploy pipeline, not by hand.`,
      () => 'Latency recovered in all regions. Postmortem owner: platform team. Ask why the config lint did not flag a 8x drop.',
    ],
  },
  {
    id: 'dns-resolution',
    primary: 'dns',
    secondary: ['cdn', 'email'],
    title: () => 'DNS resolution failures for some custom domains',
    investigating: () =>
      'Some customers report that domains hosted on Acme DNS fail to resolve (`SERVFAIL`) from certain networks. We are investigating.',
    identified: (c) =>
      `One of our four anycast DNS clusters is serving stale zone data after a failed zone sync, which mainly affects resolvers near ${c.edge}. ` +
      'We have withdrawn that cluster from the anycast route, and queries are moving to the healthy ones.',
    monitoring: () =>
      'All queries are now answered by healthy clusters, and resolution succeeds from every location we test. ' +
      'Resolvers that cached a failure may keep it for up to **5 minutes** (our negative TTL). We are monitoring.',
    resolved: (c) =>
      `Resolved. Between ${c.from} and ${c.to} UTC, part of the DNS queries for domains on Acme DNS returned SERVFAIL, mostly from resolvers near ${c.edge}. ` +
      'The affected cluster has been rebuilt, and zone sync now checks serial numbers before a cluster accepts traffic again.',
    internal: [
      (c) => `dns-${c.n(1, 4)} zone serials stuck ${c.n(40, 300)} revisions behind. BGP withdraw done at the edge routers; watching query shift.`,
      () => 'Rebuilt the cluster from a fresh zone transfer. Filed ticket to make zone sync fail closed instead of serving stale data.',
    ],
  },
  {
    id: 'webhooks-delayed',
    primary: 'webhooks',
    secondary: ['api'],
    title: () => 'Delayed webhook deliveries',
    investigating: () =>
      'Webhook deliveries are delayed. Events are accepted and queued, but reach endpoints several minutes late. **No events have been dropped.** We are looking into it.',
    identified: (c) =>
      'The delivery workers fell behind after one endpoint began responding very slowly, tying up the workers of a whole shard. ' +
      `We have isolated that endpoint and are adding capacity to drain the backlog (about ${c.n(30, 240) * 1000} events).`,
    monitoring: () =>
      'The backlog has been drained and new events are delivered within seconds again. Events sent during the delay were delivered in order, ' +
      'with their original timestamps in the payload. We are monitoring.',
    resolved: (c) =>
      `This incident is resolved. From ${c.from} to ${c.to} UTC, webhook deliveries were delayed by up to ${Math.max(5, Math.min(c.minutes - 5, c.n(15, 60)))} minutes; every event was delivered, none were lost. ` +
      'If your endpoint deduplicates by `event.id`, no action is needed. We are changing per-endpoint concurrency limits so one slow endpoint cannot delay others.',
    internal: [
      (c) => `Shard ${c.n(1, 16)} saturated: one customer endpoint at p50 28s. Applied per-endpoint concurrency cap of 4 and scaled workers to ${c.n(3, 6) * 8}.`,
      () => 'Queue depth back to zero. The slow customer has been contacted by their account manager.',
    ],
  },
  {
    id: 'cdn-cache-errors',
    primary: 'cdn',
    secondary: ['object-storage'],
    title: (c) => `Elevated 5xx errors from CDN edge locations in ${c.edge}`,
    investigating: (c) =>
      `We are investigating an increase in \`502\` and \`504\` errors served by the CDN, mainly from edge locations in ${c.edge}. Requests to your origins are not affected.`,
    identified: (c) =>
      `A cache software release in ${c.edge} fails to read from its local disk cache under load and falls back to origin fetches that time out. ` +
      'We have halted the rollout and are reverting the affected nodes.',
    monitoring: () =>
      'The affected nodes run the previous release again and error rates are back to baseline. ' +
      'Cache hit ratios are recovering as caches warm up, so your origins may see slightly more traffic for the next hour.',
    resolved: (c) =>
      `Resolved. From ${c.from} to ${c.to} UTC, some requests served by edge locations in ${c.edge} returned 5xx errors. ` +
      'The release has been withdrawn and will only roll out again with a fix and a longer canary stage.',
    internal: [
      (c) => `Release edge-cache ${c.n(3, 5)}.${c.n(10, 40)}.${c.n(0, 9)} hitting an io_uring read error path under load. Rollout frozen at ${c.n(8, 25)}% of nodes.`,
      () => 'All nodes reverted; hit ratio 91% and climbing. Vendor ticket opened for the kernel interaction.',
    ],
  },
  {
    id: 'auth-login',
    primary: 'auth',
    secondary: ['dashboard'],
    title: () => 'Sign-in failures for users of single sign-on',
    investigating: () =>
      'Some users cannot sign in to the dashboard and see "Something went wrong" after their identity provider redirects them back. ' +
      'Existing sessions and API tokens are not affected. We are investigating.',
    identified: () =>
      'A certificate we use to verify SAML responses was rotated without reaching every sign-in server. We are deploying it to the remaining servers now.\n\n' +
      '**Workaround:** members with a password or a recovery code can still sign in that way.',
    monitoring: () =>
      'Every sign-in server now has the new certificate, and single sign-on succeeds again. If a sign-in failed earlier, please try again. We are monitoring.',
    resolved: (c) =>
      `Resolved. Between ${c.from} and ${c.to} UTC, some sign-ins through SAML single sign-on failed. ` +
      'Password sign-ins, existing sessions and API tokens kept working. Certificate rotations now check that every server serves the new certificate before the old one is retired.',
    internal: [
      (c) => `${c.n(3, 9)} of 12 auth pods still have the old signing cert; config sync job failed silently on the last rotation. Pushing manually.`,
      () => 'Verified with three affected customers that SSO works. Add an alert on SAML verification failures per pod.',
    ],
  },
  {
    id: 'email-delays',
    primary: 'email',
    secondary: [],
    title: () => 'Delays in email delivery',
    investigating: (c) =>
      `Outgoing emails (invitations, password resets and alert notifications) are arriving up to ${c.n(2, 6) * 5} minutes late. We are investigating.`,
    identified: () =>
      'One of our upstream mail providers is rate-limiting our sending addresses. We are moving traffic to our secondary provider.',
    monitoring: () =>
      'Emails now go out through our secondary provider and the queue is draining; new messages arrive within a minute. ' +
      'Some messages queued earlier may still arrive out of order.',
    resolved: () =>
      'Resolved. All queued messages have been delivered.\n\n' +
      'If you requested several password resets during this incident, **only the most recent link works**; earlier ones have expired.',
    internal: [
      () => 'Primary ESP returning 421 throttling on our dedicated IPs since a reputation dip. Failover to secondary needs the DKIM record, which is already published.',
      () => 'Queue at zero. Ask the provider for the reason of the throttling before moving traffic back.',
    ],
  },
  {
    id: 'search-lag',
    primary: 'search',
    secondary: ['postgres'],
    title: () => 'Search results not reflecting recent changes',
    investigating: () =>
      'Newly created or updated records may not appear in search results. Search queries themselves work normally. We are investigating.',
    identified: (c) =>
      `The indexing pipeline stopped consuming change events after a node in the ${c.region} search cluster ran out of disk space. ` +
      'We have added capacity and indexing has resumed; it is now catching up.',
    monitoring: () =>
      'Indexing has caught up, and changes appear in search within a few seconds again. We are monitoring while the cluster rebalances its shards.',
    resolved: (c) =>
      `Resolved. From ${c.from} to ${c.to} UTC, search results in ${c.region} lagged behind writes. ` +
      'No data was lost: every change was indexed once the pipeline resumed. Disk usage alerts now fire earlier, at 75%.',
    internal: [
      (c) => `search-data-${c.n(1, 9)} at 100% disk, shards read-only. Added two nodes; replication slot lag ${c.n(2, 9)} GB and falling.`,
      () => 'Lag is zero. Why did the 85% alert not page? It was routed to a muted channel; fixed.',
    ],
  },
  {
    id: 'load-balancer-502',
    primary: 'load-balancers',
    secondary: ['api', 'dashboard'],
    title: (c) => `Intermittent 502 errors from load balancers in ${c.region}`,
    investigating: (c) =>
      `Customers with load balancers in **${c.region}** are seeing intermittent \`502 Bad Gateway\` responses. We are investigating.`,
    identified: (c) =>
      `Some load balancer nodes in ${c.region} reached a file descriptor limit during a traffic spike and began refusing new connections to backends. ` +
      'We are raising the limit and recycling the affected nodes one by one.\n\n' +
      'Until this is done you may see:\n' +
      '- occasional 502 responses (retries usually succeed)\n' +
      '- slightly higher latency on new connections',
    monitoring: () => 'All affected nodes have been recycled with the higher limit, and 502 rates are back to normal. We are monitoring.',
    resolved: (c) =>
      `Resolved. Between ${c.from} and ${c.to} UTC, about ${c.n(2, 9)}% of requests through load balancers in ${c.region} returned 502. ` +
      'The higher limit now applies in every region.',
    internal: [
      (c) => `lb nodes at nofile limit (65k) after a ${c.n(3, 8)}x spike from one tenant. Rolling restart with limit 1M, ${c.n(2, 4)} nodes at a time.`,
      () => 'Rolling restart finished. Capacity review for the tenant booked for Thursday.',
    ],
  },
  {
    id: 'object-storage-errors',
    primary: 'object-storage',
    secondary: ['backups'],
    title: (c) => `Elevated error rates for Object storage uploads in ${c.region}`,
    investigating: (c) =>
      `We are seeing elevated error rates (\`503 SlowDown\`) for uploads to Object storage in ${c.region}. Downloads work normally. We are investigating.`,
    identified: (c) =>
      `A metadata partition in ${c.region} is overloaded after an unusually large batch of deletions. We are throttling the background cleanup so that uploads take priority.`,
    monitoring: () =>
      'Upload error rates are back to normal. Scheduled backups that failed during the incident are being retried automatically. We are monitoring.',
    resolved: (c) =>
      `Resolved. From ${c.from} to ${c.to} UTC, some uploads to Object storage in ${c.region} failed with 503 errors; clients that retried succeeded. ` +
      'All scheduled backups from this window have since completed.',
    internal: [
      (c) => `Metadata partition ${c.n(10, 63)} hot: ${c.n(20, 90)}M tombstones from one bucket lifecycle rule. Cleanup throttled to 10%.`,
      () => 'Backups retried, all green. Follow-up: spread tombstone cleanup across partitions.',
    ],
  },
];
