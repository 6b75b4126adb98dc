/** A `next=` target that can only lead inside the hub (no open redirects). */
export function safeNextPath(next: string | null): string {
  if (next === null || !next.startsWith('/admin') || next.startsWith('//') || next.includes('\\')) return '/admin';
  return next;
}
