/**
 * The demo page's component catalogue: Acme Cloud, a small hosting provider. Kept
 * apart from the seeding so the scenarios can name components by key.
 */

export type ComponentKey =
  | 'api'
  | 'dashboard'
  | 'auth'
  | 'webhooks'
  | 'postgres'
  | 'object-storage'
  | 'backups'
  | 'search'
  | 'cdn'
  | 'dns'
  | 'load-balancers'
  | 'email';

export interface DemoComponent {
  key: ComponentKey;
  name: string;
  description: string;
}

export interface DemoGroup {
  name: string;
  description: string;
  components: readonly DemoComponent[];
}

export const DEMO_PAGE = {
  name: 'Acme Cloud',
  description: 'Live status of the Acme Cloud platform, its data services and edge network.',
} as const;

export const DEMO_GROUPS: readonly DemoGroup[] = [
  {
    name: 'Core platform',
    description: 'The API, the dashboard and everything you sign in to.',
    components: [
      { key: 'api', name: 'API', description: 'The REST API at api.acme.cloud and the official SDKs that call it.' },
      { key: 'dashboard', name: 'Dashboard', description: 'The web console at console.acme.cloud.' },
      { key: 'auth', name: 'Authentication', description: 'Sign-in, SAML/OIDC single sign-on and API token validation.' },
      { key: 'webhooks', name: 'Webhooks', description: 'Delivery of platform events to your HTTPS endpoints.' },
    ],
  },
  {
    name: 'Data',
    description: 'Managed databases, storage and the services around them.',
    components: [
      { key: 'postgres', name: 'Managed PostgreSQL', description: 'Highly available PostgreSQL clusters with automatic failover.' },
      { key: 'object-storage', name: 'Object storage', description: 'S3-compatible buckets for files, media and build artifacts.' },
      { key: 'backups', name: 'Backups', description: 'Scheduled snapshots and point-in-time recovery for databases and volumes.' },
      { key: 'search', name: 'Search', description: 'Managed full-text search indexes kept in sync with your data.' },
    ],
  },
  {
    name: 'Edge',
    description: 'How traffic and messages reach you and your users.',
    components: [
      { key: 'cdn', name: 'CDN', description: 'Edge caching in 42 locations worldwide.' },
      { key: 'dns', name: 'DNS', description: 'Authoritative anycast DNS for domains hosted on Acme Cloud.' },
      { key: 'load-balancers', name: 'Load balancers', description: 'Regional HTTP and TCP load balancers in front of your services.' },
      { key: 'email', name: 'Email delivery', description: 'Transactional email: invitations, password resets and alert notifications.' },
    ],
  },
];
