import { describe, expect, it } from 'vitest';
import { fillTemplate, listComponentNames, unknownPlaceholders } from '../../src/catalog/fill-template.ts';

describe('fillTemplate', () => {
  const values = { incidentTitle: 'Slow API', components: ['API', 'Webhooks'], status: 'identified', pageName: 'Acme Cloud' };

  it('fills the known placeholders, with or without spaces', () => {
    expect(fillTemplate('{{incident.title}} on {{ page.name }}: {{components}} ({{status}}).', values)).toBe(
      'Slow API on Acme Cloud: API and Webhooks (Identified).',
    );
  });

  it('leaves unknown placeholders as typed, and does not fill values twice', () => {
    expect(fillTemplate('{{incident.owner}} {{ nope }} {{status}}', values)).toBe('{{incident.owner}} {{ nope }} Identified');
    expect(fillTemplate('{{incident.title}}', { ...values, incidentTitle: 'About {{status}}' })).toBe('About {{status}}');
  });

  it('handles no components and unknown statuses', () => {
    expect(fillTemplate('[{{components}}] {{status}}', { ...values, components: [], status: 'custom' })).toBe('[our services] custom');
  });
});

describe('template helpers', () => {
  it('lists component names as a sentence', () => {
    expect(listComponentNames(['A'])).toBe('A');
    expect(listComponentNames(['A', 'B', 'C'])).toBe('A, B and C');
  });

  it('finds placeholders Herald does not know', () => {
    expect(unknownPlaceholders('{{incident.title}} {{ nope }}')).toEqual(['{{ nope }}']);
  });
});
