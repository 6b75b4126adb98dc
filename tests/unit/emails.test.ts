import { describe, expect, it } from 'vitest';
import { confirmSubscriptionEmail } from '../../emails/confirm-subscription.ts';
import { escapeHtml, toHeaderText } from '../../emails/escape.ts';
import { incidentUpdateEmail, type IncidentUpdateEmailData } from '../../emails/incident-update.ts';
import { internalUpdateEmail, type InternalUpdateEmailData } from '../../emails/internal-update.ts';
import { renderEmail } from '../../emails/layout.ts';
import { maintenanceUpdateEmail, type MaintenanceUpdateEmailData } from '../../emails/maintenance-update.ts';
import { notificationHeaders, notificationMessageId } from '../../src/mail/headers.ts';
import type { RenderedEmail } from '../../emails/rendered-email.ts';
import type { EmailUpdate } from '../../emails/parts.ts';
import { renderMarkdown } from '../../src/markdown.ts';

const PAGE = { pageName: 'Acme Cloud', pageUrl: 'https://status.example.com' };
const UNSUBSCRIBE = 'https://status.example.com/unsubscribe?token=tok_123';
const MANAGE = 'https://status.example.com/subscribe/manage?token=tok_123';

/** Templates take the update already rendered (src/notifications/build-message.ts does it). */
function update(bodyMarkdown: string, publishedAtText: string): EmailUpdate {
  return { bodyMarkdown, bodyHtml: renderMarkdown(bodyMarkdown), publishedAtText };
}

function incidentData(overrides: Partial<IncidentUpdateEmailData> = {}): IncidentUpdateEmailData {
  return {
    ...PAGE,
    incident: { id: 'inc-1', title: 'API requests failing', url: 'https://status.example.com/incidents/inc-1', impact: 'major' },
    update: { statusLabel: 'Identified', ...update('We found the **bad deploy** and are rolling it back.', 'Nov 27, 2026, 11:40 UTC') },
    components: [
      { name: 'API', statusLabel: 'Major outage' },
      { name: 'Dashboard', statusLabel: 'Degraded performance' },
    ],
    unsubscribeUrl: UNSUBSCRIBE,
    manageUrl: MANAGE,
    ...overrides,
  };
}

function maintenanceData(overrides: Partial<MaintenanceUpdateEmailData> = {}): MaintenanceUpdateEmailData {
  return {
    ...PAGE,
    maintenance: {
      id: 'mnt-1',
      title: 'Database upgrade',
      url: 'https://status.example.com/incidents/mnt-1',
      scheduledForText: 'Dec 1, 2026, 02:00 UTC',
      scheduledUntilText: 'Dec 1, 2026, 04:00 UTC',
    },
    phase: 'announced',
    update: update('We are upgrading the primary database.', 'Nov 27, 2026, 09:00 UTC'),
    components: [{ name: 'API', statusLabel: 'Under maintenance' }],
    unsubscribeUrl: UNSUBSCRIBE,
    manageUrl: MANAGE,
    ...overrides,
  };
}

function internalData(overrides: Partial<InternalUpdateEmailData> = {}): InternalUpdateEmailData {
  return {
    ...PAGE,
    incident: { id: 'inc-1', title: 'API requests failing', impact: 'major' },
    update: { statusLabel: 'Investigating', ...update('Paging the **database** on-call.', 'Nov 27, 2026, 11:00 UTC') },
    components: [{ name: 'API', statusLabel: 'Partial outage' }],
    accountUrl: 'https://status.example.com/admin/account',
    ...overrides,
  };
}

/** Every http(s) URL in the HTML part: in href, src, CSS url() or plain text. */
function urlsIn(html: string): string[] {
  return [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((match) => match[0].replace(/&amp;/g, '&'));
}

function expectBothParts(email: RenderedEmail, pieces: string[]): void {
  for (const piece of pieces) {
    expect(email.text, `text part has ${piece}`).toContain(piece);
    expect(email.html, `html part has ${piece}`).toContain(escapeHtml(piece));
  }
}

describe('escape', () => {
  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
  it('makes header text one line', () => {
    expect(toHeaderText('a\r\nBcc: evil@example.com\u0000\tb')).toBe('a Bcc: evil@example.com b');
  });
});

describe('layout', () => {
  const layout = renderEmail({
    ...PAGE,
    preheader: 'Pre <header>',
    heading: 'Head <ing>',
    bodyHtml: '<p>body</p>',
    bodyText: 'body',
    footerLines: [{ text: 'Unsubscribe', href: UNSUBSCRIBE }, { text: 'bad', href: 'javascript:alert(1)' }],
  });

  it('loads nothing from outside: no images, stylesheets, fonts or scripts', () => {
    expect(layout.html).not.toMatch(/<(img|link|script|style|iframe|object)\b/i);
    expect(layout.html).not.toMatch(/url\(|@import|@font-face|background-image/i);
    expect(urlsIn(layout.html).sort()).toEqual([PAGE.pageUrl, UNSUBSCRIBE].sort());
  });

  it('keeps to 600px with tables and inline styles', () => {
    expect(layout.html).toContain('max-width:600px');
    expect(layout.html).toContain('role="presentation"');
  });

  it('escapes its own input and drops unsafe links', () => {
    expect(layout.html).toContain('Head &lt;ing&gt;');
    expect(layout.html).toContain('Pre &lt;header&gt;');
    expect(layout.html).not.toContain('javascript:');
    expect(layout.text).toContain(`Unsubscribe: ${UNSUBSCRIBE}`);
  });
});

describe('incidentUpdateEmail', () => {
  const email = incidentUpdateEmail(incidentData());

  it('has a subject with page name, status and title', () => {
    expect(email.subject).toBe('[Acme Cloud] Identified: API requests failing');
  });

  it('has page name, title, status, update, components and links in both parts', () => {
    expectBothParts(email, [
      'Acme Cloud',
      'API requests failing',
      'Identified',
      'Nov 27, 2026, 11:40 UTC',
      'API',
      'Major outage',
      'Dashboard',
      'Degraded performance',
      'https://status.example.com/incidents/inc-1',
      UNSUBSCRIBE,
      MANAGE,
    ]);
    expect(email.html).toContain('<strong>bad deploy</strong>');
    expect(email.text).toContain('We found the **bad deploy** and are rolling it back.');
  });

  it('links nowhere but the page itself', () => {
    for (const url of urlsIn(email.html)) expect(url.startsWith('https://status.example.com')).toBe(true);
    expect(email.html).not.toMatch(/<(img|link|script|style)\b/i);
  });

  it('escapes markup in titles and component names', () => {
    const hostile = incidentUpdateEmail(
      incidentData({
        pageName: 'Acme <script>alert(1)</script>',
        incident: { id: 'inc-1', title: '<script>alert("t")</script>', url: 'https://status.example.com/incidents/inc-1', impact: 'minor' },
        components: [{ name: '<img src=x onerror=alert(1)>', statusLabel: 'Operational' }],
        update: { statusLabel: 'Monitoring', ...update('Hi <script>alert(2)</script> <img src="https://evil.example/x.png">', 'Nov 27, 2026, 11:40 UTC') },
      }),
    );
    expect(hostile.html).not.toMatch(/<script|<img/i);
    expect(hostile.html).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;');
    expect(hostile.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(hostile.html).not.toContain('evil.example');
  });

  it('never lets CR or LF reach the subject', () => {
    const injected = incidentUpdateEmail(
      incidentData({
        pageName: 'Acme\r\nBcc: a@evil.example',
        incident: { id: 'inc-1', title: 'Down\r\nBcc: victim@example.com\n\nbody', url: 'https://status.example.com/incidents/inc-1', impact: 'minor' },
      }),
    );
    expect(injected.subject).not.toMatch(/[\r\n\u0000-\u001f]/);
    expect(injected.subject).toBe('[Acme Bcc: a@evil.example] Identified: Down Bcc: victim@example.com body');
  });
});

describe('maintenanceUpdateEmail', () => {
  it.each([
    ['announced', '[Acme Cloud] Scheduled maintenance: Database upgrade'],
    ['starting', '[Acme Cloud] Maintenance in progress: Database upgrade'],
    ['completed', '[Acme Cloud] Maintenance completed: Database upgrade'],
    ['rescheduled', '[Acme Cloud] Maintenance rescheduled: Database upgrade'],
    ['cancelled', '[Acme Cloud] Maintenance cancelled: Database upgrade'],
    ['progress', '[Acme Cloud] Maintenance update: Database upgrade'],
    ['reminder', '[Acme Cloud] Maintenance reminder: Database upgrade'],
  ] as const)('%s: subject, window in UTC, update, components, links', (phase, subject) => {
    const email = maintenanceUpdateEmail(maintenanceData({ phase }));
    expect(email.subject).toBe(subject);
    expectBothParts(email, [
      'Acme Cloud',
      'Database upgrade',
      subject.slice('[Acme Cloud] '.length, subject.indexOf(':', 13)),
      'Dec 1, 2026, 02:00 UTC to Dec 1, 2026, 04:00 UTC',
      'We are upgrading the primary database.',
      'API',
      'https://status.example.com/incidents/mnt-1',
      UNSUBSCRIBE,
    ]);
  });

  it('works without an update and escapes the title', () => {
    const email = maintenanceUpdateEmail(
      maintenanceData({ update: null, maintenance: { ...maintenanceData().maintenance, title: '<script>x</script>\nBcc: y' } }),
    );
    expect(email.html).not.toContain('<script>');
    expect(email.subject).toBe('[Acme Cloud] Scheduled maintenance: <script>x</script> Bcc: y');
  });
});

describe('internalUpdateEmail', () => {
  const email = internalUpdateEmail(internalData());

  it('is clearly internal', () => {
    expect(email.subject).toBe('[Acme Cloud] [INTERNAL] Investigating: API requests failing');
    expect(email.html).toContain('INTERNAL');
    expect(email.text).toContain('*** INTERNAL');
  });

  it('links to the incident in the hub and says how to stop, with no subscriber unsubscribe', () => {
    expectBothParts(email, [
      'API requests failing',
      'Investigating',
      'API',
      'Partial outage',
      'https://status.example.com/admin/incidents/inc-1',
      'To stop internal mail',
      'https://status.example.com/admin/account',
    ]);
    expect(email.html).toContain('<strong>database</strong>');
    expect(email.text + email.html).not.toMatch(/unsubscribe/i);
  });

  it('escapes markup and keeps the subject on one line', () => {
    const hostile = internalUpdateEmail(
      internalData({
        incident: { id: 'inc-1', title: '<script>1</script>\r\nX-Evil: 1', impact: 'minor' },
        components: [{ name: '<b>API</b>', statusLabel: 'Operational' }],
      }),
    );
    expect(hostile.html).not.toMatch(/<script|<b>/);
    expect(hostile.subject).not.toMatch(/[\r\n]/);
  });
});

describe('confirmSubscriptionEmail', () => {
  const data = {
    ...PAGE,
    confirmUrl: 'https://status.example.com/subscribe/confirm?token=abc&x=1',
    components: ['API', '<script>alert(1)</script>'],
    expiresInHours: 48,
  };

  it('asks to confirm, names the components and when the link expires', () => {
    const email = confirmSubscriptionEmail(data);
    expect(email.subject).toBe('[Acme Cloud] Confirm your subscription');
    expectBothParts(email, ['Acme Cloud', data.confirmUrl, 'API', '48 hours']);
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).not.toContain('<script>');
  });

  it('says "all components" for null', () => {
    const email = confirmSubscriptionEmail({ ...data, components: null, pageName: 'A\r\nB' });
    expect(email.text).toContain('all components');
    expect(email.subject).toBe('[A B] Confirm your subscription');
  });
});

describe('notification headers', () => {
  it('builds the exact headers, with mailto when configured', () => {
    expect(
      notificationHeaders({
        publicUrl: 'https://status.example.com',
        pageName: 'Acme Cloud',
        unsubscribeUrl: UNSUBSCRIBE,
        unsubscribeMailto: 'unsubscribe@example.com',
        threadKey: 'inc-1',
      }),
    ).toEqual({
      'List-Unsubscribe': `<${UNSUBSCRIBE}>, <mailto:unsubscribe@example.com?subject=unsubscribe>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': 'Acme Cloud status <status.example.com>',
      'In-Reply-To': '<incident-inc-1@status.example.com>',
      References: '<incident-inc-1@status.example.com>',
    });
  });

  it('uses the host without port, encodes quotes and drops newlines', () => {
    const headers = notificationHeaders({
      publicUrl: 'http://localhost:4321',
      pageName: 'Say "hi"\r\nBcc: x',
      unsubscribeUrl: 'http://localhost:4321/unsubscribe?token=t',
      unsubscribeMailto: null,
      threadKey: 'a b<c>',
    });
    expect(headers['List-Unsubscribe']).toBe('<http://localhost:4321/unsubscribe?token=t>');
    // Not plain atoms: RFC 2047 encoded words, which nodemailer passes through untouched.
    expect(headers['List-Id']).toBe('=?UTF-8?Q?Say_=22hi=22_Bcc=3A_x_status?= <localhost>');
    expect(headers['References']).toBe('<incident-a_b_c_@localhost>');
    for (const value of Object.values(headers)) expect(value).not.toMatch(/[\r\n]/);
  });

  it('gives a stable Message-ID per update and recipient', () => {
    const input = { updateId: 'upd-9', recipientKey: 'sub-7', publicUrl: 'https://status.example.com/' };
    expect(notificationMessageId(input)).toBe('update-upd-9.sub-7@status.example.com');
    expect(notificationMessageId(input)).toBe(notificationMessageId({ ...input }));
  });
});
