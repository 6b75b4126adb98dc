/** Subscribers as the rest of Herald sees them (no secrets, no hashes). */

export const SUBSCRIBER_STATUSES = ['pending', 'confirmed', 'suspended', 'unsubscribed'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

export interface Subscriber {
  id: string;
  email: string;
  status: SubscriberStatus;
  /** True: every component, now and future; false: only `componentIds`. */
  allComponents: boolean;
  createdAt: Date;
  confirmedAt: Date | null;
  unsubscribedAt: Date | null;
  suspendedAt: Date | null;
  /** Why it was suspended (the last bounce), while suspended. */
  suspendedReason: string | null;
  bounceCount: number;
  /** A webhook subscriber's URL (updates are posted there, not emailed); null for email. */
  webhookUrl: string | null;
  /** The endpoint created on confirmation; null until then. */
  webhookEndpointId: string | null;
}

export type SubscriberCounts = Record<SubscriberStatus, number>;

/** A row of the CSV export. */
export interface SubscriberExportRow {
  email: string;
  status: SubscriberStatus;
  /** Component names; null for all components. */
  components: string[] | null;
  createdAt: Date;
  confirmedAt: Date | null;
}
