import type { RenderedEmail } from './rendered-email.ts';
import { escapeHtml, toHeaderText } from './escape.ts';
import { brandOf, type EmailBrand, link, renderEmail } from './layout.ts';

export interface SignInCeilingEmailData extends EmailBrand {
  /** The owner's name, as shown in the hub. */
  name: string;
  /** Wrong passwords for the account in the last 15 minutes. */
  guesses: number;
  /** The address whose attempt reached the ceiling. */
  ip: string;
  /** ISO instant the ceiling was reached. */
  at: string;
  /** The hub's sign-in page. */
  signInUrl: string;
}

/** Tells an account's owner that many wrong passwords were tried for it. */
export function signInCeilingEmail(data: SignInCeilingEmailData): RenderedEmail {
  const subject = `[${toHeaderText(data.pageName)}] Many wrong passwords for your account`;
  const summary = `${data.guesses} wrong passwords were tried for your ${data.pageName} status hub account in the last 15 minutes (the latest from ${data.ip}, at ${data.at}).`;
  const advice = [
    'Herald now slows down further tries for your account. You can still sign in: from an address you used before at once, from a new one after about a minute.',
    'If this was not you, someone may be guessing your password. Use a long, unique password, and change it if you reuse it anywhere else.',
  ];
  const bodyHtml = [
    `<p style="margin:0 0 16px 0;">Hello ${escapeHtml(data.name)},</p>`,
    `<p style="margin:0 0 16px 0;">${escapeHtml(summary)}</p>`,
    ...advice.map((line) => `<p style="margin:0 0 16px 0;">${escapeHtml(line)}</p>`),
    `<p style="margin:0;">Sign in: ${link(data.signInUrl, data.signInUrl)}</p>`,
  ].join('\n');
  const bodyText = [`Hello ${data.name},`, '', summary, '', ...advice.flatMap((line) => [line, '']), `Sign in: ${data.signInUrl}`].join('\n');
  const { html, text } = renderEmail({
    ...brandOf(data),
    preheader: summary,
    heading: 'Many wrong passwords for your account',
    bodyHtml,
    bodyText,
    footerLines: [{ text: 'You received this because you have an account on this status hub. At most one such email is sent an hour.' }],
  });
  return { subject, text, html };
}
