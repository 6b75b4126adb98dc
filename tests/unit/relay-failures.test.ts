import { describe, expect, it } from 'vitest';
import { classifySendFailure, enhancedStatusCode } from '../../src/mail/classify-failure.ts';
import { describeMailAlert } from '../../src/notifications/mail-alerts.ts';
import { createRelayBreaker, refusalsLookLikeRelay } from '../../src/notifications/relay-breaker.ts';

const smtpError = (command: string, response: string | null, code = command === 'CONN' ? 'ECONNECTION' : 'EENVELOPE'): Error =>
  Object.assign(new Error(`Failed${response === null ? '' : `: ${response}`}`), {
    code,
    command,
    ...(response === null ? {} : { response, responseCode: Number(response.slice(0, 3)) }),
  });

describe('classifySendFailure', () => {
  it.each([
    ['CONN', null, 'relay'],
    ['CONN', '554 5.3.2 Not accepting connections', 'relay'],
    ['EHLO', '500 5.5.1 Unrecognized command', 'relay'],
    ['AUTH PLAIN', '535 5.7.8 Authentication credentials invalid', 'relay'],
    ['MAIL FROM', '550 5.7.1 Sender refused', 'relay'],
    ['MAIL FROM', '451 4.3.0 Try later', 'relay'],
    ['RCPT TO', '550 5.1.1 User unknown', 'bounce'],
    ['RCPT TO', '550 No such user', 'bounce'],
    ['RCPT TO', '552 5.2.2 Mailbox full', 'bounce'],
    ['RCPT TO', '550 5.7.1 Relaying denied', 'rejected'],
    ['RCPT TO', '450 4.2.1 Mailbox busy', 'transient'],
    ['DATA', '554 5.7.1 Message content rejected', 'rejected'],
    ['DATA', '550 5.1.1 Recipient unknown after data', 'bounce'],
    ['DATA', '451 4.3.0 Local error', 'transient'],
  ] as const)('%s answered %s is %s', (command, response, kind) => {
    expect(classifySendFailure(smtpError(command, response)).kind).toBe(kind);
  });

  it('a message nodemailer or the relay refuses as such is rejected, not a relay failure (it must not stop all mail)', () => {
    expect(classifySendFailure(Object.assign(new Error('Invalid recipient "x"'), { code: 'EENVELOPE', command: 'API' })).kind).toBe('rejected');
    expect(classifySendFailure(Object.assign(new Error('Message size larger than allowed 1000'), { code: 'EMESSAGE', command: 'MAIL FROM' })).kind).toBe('rejected');
    expect(classifySendFailure(smtpError('MAIL FROM', '552 5.3.4 Message size exceeds fixed limit')).kind).toBe('rejected');
  });

  it('a socket error without a command is the relay', () => {
    expect(classifySendFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' })).kind).toBe('relay');
    expect(classifySendFailure('weird').kind).toBe('relay');
  });

  it('reads RFC 3463 enhanced codes only when their class matches the reply', () => {
    expect(enhancedStatusCode('550 5.1.1 <a@b>: user unknown')).toBe('5.1.1');
    expect(enhancedStatusCode('550-5.1.1 The email account does not exist')).toBe('5.1.1');
    expect(enhancedStatusCode('550 4.1.1 mismatched')).toBeNull();
    expect(enhancedStatusCode('550 user unknown')).toBeNull();
  });
});

describe('relay breaker', () => {
  it('opens on a failure, lets one probe through after the cool-down, doubles on a failed probe, closes on success', () => {
    const breaker = createRelayBreaker({ baseMs: 1_000, maxMs: 3_000 });
    expect(breaker.state(0)).toBe('closed');
    expect(breaker.recordFailure(0)).toBe(true);
    expect(breaker.state(999)).toBe('open');
    expect(breaker.recordFailure(500)).toBe(false); // in flight at the same time: no change
    expect(breaker.state(1_000)).toBe('half-open');
    expect(breaker.recordFailure(1_000)).toBe(false); // the probe failed: 2 s
    expect(breaker.waitMs(1_000)).toBe(2_000);
    expect(breaker.state(2_999)).toBe('open');
    breaker.recordFailure(3_000); // capped at 3 s
    expect(breaker.waitMs(3_000)).toBe(3_000);
    expect(breaker.recordSuccess()).toBe(true);
    expect(breaker.state(3_001)).toBe('closed');
    expect(breaker.recordSuccess()).toBe(false);
    expect(breaker.recordFailure(10_000)).toBe(true);
    expect(breaker.waitMs(10_000)).toBe(1_000);
  });
});

describe('refusalsLookLikeRelay', () => {
  const outcomes = (accepted: number, refused: number): boolean[] => [...Array<boolean>(accepted).fill(false), ...Array<boolean>(refused).fill(true)].slice(-50);

  it('a batch refused almost whole is the relay', () => {
    expect(refusalsLookLikeRelay({ accepted: 0, refused: 200 }, outcomes(50, 200))).toBe(true);
    expect(refusalsLookLikeRelay({ accepted: 10, refused: 190 }, outcomes(10, 190))).toBe(true);
  });

  it('a few bad addresses are bounces, even when they are all a small batch holds', () => {
    expect(refusalsLookLikeRelay({ accepted: 0, refused: 3 }, outcomes(0, 3))).toBe(false);
    expect(refusalsLookLikeRelay({ accepted: 195, refused: 5 }, outcomes(195, 5))).toBe(false);
    // The last 6 of a large fan-out, after 200 accepted: the recent history says the relay works.
    expect(refusalsLookLikeRelay({ accepted: 0, refused: 6 }, outcomes(200, 6))).toBe(false);
  });
});

describe('describeMailAlert', () => {
  const at = new Date('2026-11-20T12:00:00Z');
  it('an open outage is an ongoing alert that says nobody is counted as bouncing', () => {
    const notice = describeMailAlert({ id: '1', kind: 'relay-outage', openedAt: at, closedAt: null, detail: 'Mail command failed: 550 refused', deliveries: 0 });
    expect(notice.ongoing).toBe(true);
    expect(notice.text).toContain('The email relay is failing: Mail command failed: 550 refused');
    expect(notice.text).toContain('no subscriber is counted as bouncing');
  });
  it('a closed outage says how long it lasted', () => {
    const notice = describeMailAlert({ id: '1', kind: 'relay-outage', openedAt: at, closedAt: new Date(at.getTime() + 20 * 60_000), detail: 'x', deliveries: 40 });
    expect(notice).toMatchObject({ ongoing: false, text: expect.stringMatching(/^The email relay failed for about 20 min \(x\)\..* 40 refused messages were held back\.$/) });
  });
});
