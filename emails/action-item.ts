import type { RenderedEmail } from './rendered-email.ts';
import { escapeHtml, toHeaderText } from './escape.ts';
import { brandOf, type EmailBrand, link, renderEmail } from './layout.ts';

export interface ActionItemEmailData extends EmailBrand {
  /** "assigned": the item was given to the recipient; "overdue": its due date has passed. */
  kind: 'assigned' | 'overdue';
  /** The owner's name, as shown in the hub. */
  name: string;
  title: string;
  priority: string;
  /** The due date in words ("Dec 4, 2026"), or null when none is set. */
  dueText: string | null;
  /** 'YYYY-MM-DD' of the due date and of today in the page's zone (for "overdue by N days"). */
  dueOn: string | null;
  today: string;
  incidentTitle: string;
  /** Who assigned it (assigned only); null when unknown. */
  assignedBy: string | null;
  /** The item in the hub, where its status is changed. */
  itemUrl: string;
}

function overdueDays(dueOn: string | null, today: string): number | null {
  if (dueOn === null) return null;
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueOn}T00:00:00Z`)) / 86_400_000);
  return days > 0 ? days : null;
}

/**
 * Tells an action item's owner that it is theirs, or that it is overdue. Each is sent
 * once (assignment: when the owner changes; overdue: the first day past the due date),
 * never as a daily reminder. Internal mail: no unsubscribe link.
 */
export function actionItemEmail(data: ActionItemEmailData): RenderedEmail {
  const late = overdueDays(data.dueOn, data.today);
  const subject =
    data.kind === 'assigned'
      ? `[${toHeaderText(data.pageName)}] Action item for you: ${toHeaderText(data.title)}`
      : `[${toHeaderText(data.pageName)}] Action item overdue: ${toHeaderText(data.title)}`;
  const due = data.dueText === null ? 'It has no due date.' : `It is due on ${data.dueText}.`;
  const summary =
    data.kind === 'assigned'
      ? `${data.assignedBy === null ? 'You were' : `${data.assignedBy} made you`} the owner of a ${data.priority} action item from the incident "${data.incidentTitle}": ${data.title}. ${due}`
      : `Your ${data.priority} action item from the incident "${data.incidentTitle}" was due on ${data.dueText ?? 'an earlier day'}${late === null ? '' : ` (${late} ${late === 1 ? 'day' : 'days'} ago)`}: ${data.title}.`;
  const ask =
    data.kind === 'assigned'
      ? 'Mark it in progress when you start, and done (or won’t do, with a reason) when it is settled.'
      : 'If it is done, mark it done; if the date no longer holds, set a new one; if it will not be done, say why. This is the only reminder.';
  const bodyHtml = [
    `<p style="margin:0 0 16px 0;">Hello ${escapeHtml(data.name)},</p>`,
    `<p style="margin:0 0 16px 0;">${escapeHtml(summary)}</p>`,
    `<p style="margin:0 0 16px 0;">${escapeHtml(ask)}</p>`,
    `<p style="margin:0;">Open the item: ${link(data.itemUrl, data.itemUrl)}</p>`,
  ].join('\n');
  const bodyText = [`Hello ${data.name},`, '', summary, '', ask, '', `Open the item: ${data.itemUrl}`].join('\n');
  const { html, text } = renderEmail({
    ...brandOf(data),
    preheader: summary,
    heading: data.kind === 'assigned' ? `Action item: ${data.title}` : `Overdue: ${data.title}`,
    bodyHtml,
    bodyText,
    banner: 'INTERNAL',
    footerLines: [{ text: 'You received this because you own this action item. Herald emails an owner once when an item is assigned and once when it becomes overdue.' }],
  });
  return { subject, text, html };
}
