import { describe, expect, it } from 'vitest';
import { scheduledPublishBlocker } from '../../src/incidents/publish-update.ts';

const account = (role: 'admin' | 'comms' | 'responder' | 'viewer', disabledAt: Date | null = null) => ({ id: 'u1', name: 'Casey', role, disabledAt });

describe('scheduledPublishBlocker', () => {
  it('lets admins and comms publish external updates, and anyone but a viewer internal ones', () => {
    expect(scheduledPublishBlocker('external', account('admin'))).toBeNull();
    expect(scheduledPublishBlocker('external', account('comms'))).toBeNull();
    expect(scheduledPublishBlocker('internal', account('responder'))).toBeNull();
  });

  it('says why when the author may no longer publish', () => {
    expect(scheduledPublishBlocker('external', account('responder'))).toBe('Casey may no longer publish external updates');
    expect(scheduledPublishBlocker('external', account('viewer'))).toBe('Casey may no longer publish external updates');
    expect(scheduledPublishBlocker('internal', account('viewer'))).toBe('Casey may no longer publish internal updates');
    expect(scheduledPublishBlocker('external', account('admin', new Date('2026-11-01T00:00:00Z')))).toBe('Casey’s account is deactivated');
    expect(scheduledPublishBlocker('internal', null)).toBe('its author’s account no longer exists');
  });
});
