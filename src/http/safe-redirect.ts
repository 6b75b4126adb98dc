/**
 * A `next=` target that can only lead inside the hub (no open redirects). Control
 * characters (CR/LF would split the Location header) send it to the dashboard.
 */
export function safeNextPath(next: string | null): string {
  if (next === null || !next.startsWith('/admin') || next.startsWith('//') || next.includes('\\') || /[\u0000-\u001f\u007f]/.test(next)) return '/admin';
  return next;
}
