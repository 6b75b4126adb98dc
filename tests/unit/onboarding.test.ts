import { describe, expect, it } from 'vitest';
import { buildOnboarding } from '../../src/settings/onboarding.ts';

const EMPTY = { named: false, hasLogo: false, components: 0, users: 1, smtpConfigured: false, subscribers: 0 };

describe('buildOnboarding', () => {
  it('lists every step undone on an empty install, and says why mail is not sent', () => {
    const onboarding = buildOnboarding(EMPTY);
    expect(onboarding.steps.map((step) => step.id)).toEqual(['brand', 'components', 'team', 'mail', 'subscribe']);
    expect(onboarding.doneCount).toBe(0);
    expect(onboarding.steps.find((step) => step.id === 'mail')?.text).toContain('SMTP_URL is not set');
  });

  it('needs both a name and a logo for the brand step; a second user for the team', () => {
    expect(buildOnboarding({ ...EMPTY, named: true }).steps[0]?.done).toBe(false);
    const later = buildOnboarding({ ...EMPTY, named: true, hasLogo: true, components: 3, users: 2 });
    expect(later.steps.filter((step) => step.done).map((step) => step.id)).toEqual(['brand', 'components', 'team']);
    expect(later.doneCount).toBe(3);
  });

  it('is all done with SMTP and a subscriber', () => {
    const all = buildOnboarding({ named: true, hasLogo: true, components: 1, users: 3, smtpConfigured: true, subscribers: 1 });
    expect(all.doneCount).toBe(all.steps.length);
  });
});
