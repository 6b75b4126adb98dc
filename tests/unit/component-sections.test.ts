import { describe, expect, it } from 'vitest';
import { buildComponents } from '../../src/api/statuspage.ts';
import { componentSections, isListedPublicly, showsUptime } from '../../src/status/selectors.ts';
import type { PageSnapshot, SnapshotComponent } from '../../src/status/snapshot.ts';
import { fixtureSnapshot } from '../fixtures/snapshot.ts';

function withComponent(id: string, change: Partial<SnapshotComponent>): PageSnapshot {
  const snapshot = fixtureSnapshot();
  return { ...snapshot, components: snapshot.components.map((c) => (c.id === id ? { ...c, ...change } : c)) };
}

const listed = (snapshot: PageSnapshot): string[] => componentSections(snapshot).flatMap((s) => s.components.map((c) => c.id));

describe('which components the public page lists', () => {
  it('lists every component by default', () => {
    const snapshot = fixtureSnapshot();
    expect(listed(snapshot).sort()).toEqual(snapshot.components.map((c) => c.id).sort());
  });

  it('hides an "only show if degraded" component while it is operational, and lists it once it is not', () => {
    const snapshot = fixtureSnapshot();
    const quiet = snapshot.components.find((c) => c.status === 'operational')!;
    const hidden = withComponent(quiet.id, { onlyShowIfDegraded: true });
    expect(listed(hidden)).not.toContain(quiet.id);
    expect(isListedPublicly(hidden.components.find((c) => c.id === quiet.id)!)).toBe(false);
    // The signed-in view still lists it.
    expect(componentSections(hidden, { all: true }).flatMap((s) => s.components.map((c) => c.id))).toContain(quiet.id);
    for (const status of ['degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] as const) {
      expect(listed(withComponent(quiet.id, { onlyShowIfDegraded: true, status }))).toContain(quiet.id);
    }
  });

  it('drops a group whose components are all hidden', () => {
    const snapshot = fixtureSnapshot();
    const group = snapshot.groups.find((g) => g.componentIds.length > 0)!;
    const hidden: PageSnapshot = {
      ...snapshot,
      components: snapshot.components.map((c) => (group.componentIds.includes(c.id) ? { ...c, status: 'operational', onlyShowIfDegraded: true } : c)),
    };
    expect(componentSections(hidden).map((s) => s.group?.id ?? null)).not.toContain(group.id);
  });

  it('lists a component that is not showcased, without its uptime bar, and keeps it in the API with its fields', () => {
    const snapshot = fixtureSnapshot();
    const target = snapshot.components[0]!;
    const plain = withComponent(target.id, { showcase: false });
    const component = componentSections(plain).flatMap((s) => s.components).find((c) => c.id === target.id)!;
    expect(component).toBeDefined();
    expect(showsUptime(component)).toBe(false);
    expect(showsUptime(snapshot.components[1]!)).toBe(true);

    const hiddenToo = withComponent(target.id, { showcase: false, onlyShowIfDegraded: true, status: 'operational' });
    const api = buildComponents(hiddenToo);
    expect(api.components.find((c) => c.id === target.id)).toMatchObject({ showcase: false, only_show_if_degraded: true });
  });
});
