/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The public page state every public route renders from (src/status/snapshot.ts). */
    snapshot: import('./src/status/snapshot.ts').PageSnapshot;
    /** Set while the database is unreachable: the snapshot is served as of this time. */
    staleSince: string | null;
  }
}
