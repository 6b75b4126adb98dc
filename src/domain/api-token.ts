/** An API token as the hub lists it (never its secret). */
export interface ApiToken {
  id: string;
  name: string;
  /** Scope names as stored; src/tokens/scopes.ts knows which exist. */
  scopes: string[];
  createdBy: { id: string | null; name: string };
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
}
