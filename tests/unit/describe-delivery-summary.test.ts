import { describe, expect, it } from 'vitest';
import { describeDeliverySummary, isDeliveryInProgress } from '../../src/deliveries/describe-delivery-summary.ts';
import type { DeliverySummary } from '../../src/domain/mail.ts';

const none: DeliverySummary = { queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0, fannedOut: true, audience: 'external' };

describe('delivery summary wording', () => {
  it('waits only until the fan-out, then says nobody matched instead of "not yet" forever', () => {
    expect(describeDeliverySummary({ ...none, fannedOut: false })).toBe('Email: no messages queued yet');
    expect(isDeliveryInProgress({ ...none, fannedOut: false })).toBe(true);
    expect(describeDeliverySummary(none)).toBe('Email: no subscriber matched');
    expect(describeDeliverySummary({ ...none, audience: 'internal' })).toBe('Email: nobody is on the internal list');
    expect(isDeliveryInProgress(none)).toBe(false);
  });

  it('counts what there is, leaving out zeros except "sent"', () => {
    expect(describeDeliverySummary({ ...none, sent: 480, queued: 12, failed: 1 })).toBe('Email: 480 sent · 12 queued · 1 failed');
    expect(describeDeliverySummary({ ...none, queued: 3 })).toBe('Email: 0 sent · 3 queued');
    expect(isDeliveryInProgress({ ...none, queued: 3 })).toBe(true);
    expect(isDeliveryInProgress({ ...none, sent: 3, skipped: 1 })).toBe(false);
  });
});
