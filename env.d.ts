/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The public page state every public route renders from (src/status/snapshot.ts). */
    snapshot: import('./src/status/snapshot.ts').PageSnapshot;
    /** Set while the database is unreachable: the snapshot is served as of this time. */
    staleSince: string | null;
    /** Database, configuration, clock and job scheduler, for the signed-in area. */
    services: import('./src/services.ts').Services;
    /** The signed-in user and their session (set by src/http/middleware.ts), or null. */
    user: import('./src/domain/types.ts').User | null;
    session: import('./src/domain/types.ts').Session | null;
    /**
     * The client's address: the socket's, or behind HERALD_TRUSTED_PROXIES the
     * right-most untrusted X-Forwarded-For hop. Use this, never Astro.clientAddress,
     * for every limit, log and audit entry.
     */
    clientAddress: string;
    /** Origins of the address the connection reached (local use), accepted besides PUBLIC_URL's by the origin check. */
    listenOrigins: readonly string[];
    /** The reader's language for public pages and the subscribe flow (src/i18n/negotiate.ts). */
    lang?: import('./src/i18n/languages.ts').Language;
  }
}
