/**
 * The public title: "<name> Status", as Statuspage does, unless the name already
 * says so ("Acme Status", or the unnamed default "Status"): a fresh install used to
 * call itself "Status Status".
 */
export const DEFAULT_PAGE_NAME = 'Status';

export function siteTitle(name: string): string {
  return /\bstatus(\s+page)?$/i.test(name.trim()) ? name.trim() : `${name.trim()} Status`;
}
