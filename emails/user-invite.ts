import type { RenderedEmail } from './rendered-email.ts';
import { escapeHtml, toHeaderText } from './escape.ts';
import { COLORS, isSafeHref, link, renderEmail } from './layout.ts';

export interface UserInviteEmailData {
  pageName: string;
  pageUrl: string;
  /** The invitee's name, as the admin typed it. */
  name: string;
  /** Who invited them (the admin's name in the hub). */
  inviterName: string;
  /** The role in words: "Communications lead". */
  roleName: string;
  /** The one-time link where they choose their password. */
  inviteUrl: string;
  /** When the link stops working, already formatted ("30 Nov 2026, 09:00 UTC"). */
  expiresAtUtc: string;
}

/**
 * The invitation to the incident hub: who invited whom, to which page, and the
 * one-time link (24 hours) where the invitee chooses their own password. Mail to a
 * person the admin named, not to a subscriber, so it carries no unsubscribe link.
 */
export function userInviteEmail(data: UserInviteEmailData): RenderedEmail {
  const subject = `[${toHeaderText(data.pageName)}] ${toHeaderText(data.inviterName)} invited you to the incident hub`;
  const summary = `${data.inviterName} invited you to the ${data.pageName} incident hub as ${data.roleName}.`;
  const expiry = `The link works once, until ${data.expiresAtUtc} (24 hours). If it has expired, ask ${data.inviterName} to send a new one.`;
  const button = isSafeHref(data.inviteUrl)
    ? `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px 0;"><tr><td style="border-radius:6px;background:${COLORS.link};"><a href="${escapeHtml(data.inviteUrl)}" style="display:inline-block;padding:12px 20px;color:#ffffff;font-weight:600;text-decoration:none;">Choose your password</a></td></tr></table>`
    : '';
  const bodyHtml = [
    `<p style="margin:0 0 16px 0;">Hello ${escapeHtml(data.name)},</p>`,
    `<p style="margin:0 0 16px 0;">${escapeHtml(summary)} Choose your own password to sign in; nobody else sees it.</p>`,
    button,
    `<p style="margin:0 0 16px 0;">Or open this link: ${link(data.inviteUrl, data.inviteUrl)}</p>`,
    `<p style="margin:0;color:${COLORS.muted};">${escapeHtml(expiry)}</p>`,
  ].join('\n');
  const bodyText = [
    `Hello ${data.name},`,
    '',
    `${summary} Choose your own password to sign in; nobody else sees it:`,
    data.inviteUrl,
    '',
    expiry,
  ].join('\n');
  const { html, text } = renderEmail({
    pageName: data.pageName,
    pageUrl: data.pageUrl,
    preheader: summary,
    heading: `Join ${data.pageName}'s incident hub`,
    bodyHtml,
    bodyText,
    footerLines: [{ text: `You received this because ${data.inviterName} added this address to the ${data.pageName} incident hub. If you did not expect it, ignore this email: the link expires by itself.` }],
  });
  return { subject, text, html };
}
