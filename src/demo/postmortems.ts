import type { Db } from '../../db/client.ts';
import {
  findPostmortemIncidentFacts,
  insertPostmortem,
  listPostmortemTimelineSource,
  updatePostmortemContent,
  updatePostmortemState,
} from '../../db/queries/postmortems.ts';
import type { PostmortemSection } from '../domain/learning.ts';
import { buildCustomerImpact, buildPublicBody, buildTimeline } from '../postmortems/postmortem-text.ts';
import { postmortemDueAt } from '../postmortems/settings.ts';

const HOUR = 3_600_000;

interface DemoReview {
  rootCauseTags: string[];
  summary: (title: string) => string;
  root_cause: string;
  went_well: string;
  went_poorly: string;
  lessons: string;
}

// Written like a real team's reviews: blameless, specific, with a follow-up each.
const REVIEWS: DemoReview[] = [
  {
    rootCauseTags: ['deploy'],
    summary: (title) => `${title}. A release changed how connections were pooled; under the morning peak the pool ran out and requests failed until the release was rolled back.`,
    root_cause: 'The new pool size was computed per process instead of per host, so each host opened far fewer connections than before. The load test ran on one process and could not show it.',
    went_well: '- The rollback took 6 minutes once the release was suspected.\n- The first public update went out 9 minutes after detection.',
    went_poorly: '- The error-rate alert paged the platform team, not the owning team, and was re-routed by hand.\n- The runbook still described the old pool settings.',
    lessons: '- Releases that change connection handling now go to one region first for an hour.\n- Load tests run with the production process count.',
  },
  {
    rootCauseTags: ['dependency'],
    summary: (title) => `${title}. An upstream provider degraded in one region; our retries multiplied the load and slowed recovery.`,
    root_cause: 'Retries had no jitter and no budget, so every client retried at the same moments and kept the provider saturated after it had recovered.',
    went_well: '- Traffic was shifted to the healthy region within 20 minutes.\n- Status updates kept to the 30-minute target.',
    went_poorly: '- The provider status page showed green for the first 25 minutes, which delayed the diagnosis.',
    lessons: '- Retries now use exponential backoff with jitter and a per-request budget.\n- We watch the provider with our own synthetic checks instead of its status page.',
  },
  {
    rootCauseTags: ['configuration'],
    summary: (title) => `${title}. A configuration change meant for the staging environment was applied to production.`,
    root_cause: 'Staging and production shared one configuration repository with the environment chosen by a directory name; a copy-paste put the change in the wrong directory and review did not catch it.',
    went_well: '- The change was found in the audit trail within minutes.\n- Reverting it was one command.',
    went_poorly: '- Nothing blocked a production change without a second approver.',
    lessons: '- Production configuration now lives in its own repository with required review.\n- Changes show a diff of the rendered production configuration before they apply.',
  },
  {
    rootCauseTags: ['capacity'],
    summary: (title) => `${title}. A traffic spike from a large customer's batch job used up the queue workers' capacity.`,
    root_cause: 'Workers scaled on CPU, but this load was I/O-bound, so no new workers started while the queue grew.',
    went_well: '- Manual scaling restored normal latency within 15 minutes of the decision.',
    went_poorly: '- Queue depth had no alert; the first signal was customer reports.',
    lessons: '- Workers now scale on queue depth.\n- An alert fires when the oldest message is older than 2 minutes.',
  },
];

const PUBLIC_SECTIONS: PostmortemSection[] = ['summary', 'customer_impact', 'root_cause', 'lessons'];

/**
 * Postmortems for the newest resolved demo incidents: three published publicly
 * (their public part on the status page and in the feeds) and one in review.
 * Written after the incidents, by what the database holds, so it follows whatever
 * the plan made. Depends only on `now` (ids aside). No timeline events: the demo's
 * timelines hold what happened during the incidents only.
 */
export async function seedDemoPostmortems(trx: Db, now: Date): Promise<number> {
  const resolved = await trx
    .selectFrom('incidents as i')
    .select(['i.id', 'i.resolved_at'])
    .where('i.resolved_at', 'is not', null)
    .where('i.state', '=', 'active')
    .where((eb) => eb.exists(eb.selectFrom('updates as u').select('u.id').whereRef('u.incident_id', '=', 'i.id').where('u.audience', '=', 'external').where('u.state', '=', 'published')))
    .orderBy('i.resolved_at', 'desc')
    .orderBy('i.id')
    .limit(REVIEWS.length)
    .execute();
  let written = 0;
  for (const [index, row] of resolved.entries()) {
    const review = REVIEWS[index]!;
    const facts = await findPostmortemIncidentFacts(trx, row.id);
    if (!facts || facts.resolvedAt === null) continue;
    // Started the day after; never later than now (the seed writes nothing in the future).
    const startedAt = new Date(Math.min(facts.resolvedAt.getTime() + 20 * HOUR, now.getTime()));
    const sections: Record<PostmortemSection, string> = {
      summary: review.summary(facts.title),
      customer_impact: buildCustomerImpact(facts, now),
      timeline: buildTimeline(facts, await listPostmortemTimelineSource(trx, row.id)),
      root_cause: review.root_cause,
      went_well: review.went_well,
      went_poorly: review.went_poorly,
      lessons: review.lessons,
    };
    const dueAt = postmortemDueAt(facts.resolvedAt, 5);
    await insertPostmortem(trx, { incidentId: row.id, sections, dueAt, createdBy: null, at: startedAt });
    await updatePostmortemContent(trx, row.id, { sections, rootCauseTags: review.rootCauseTags, dueAt, at: startedAt });
    // The newest is still in review; the others were published publicly two days after starting.
    const inReview = index === 0;
    const publishedAt = new Date(startedAt.getTime() + 48 * HOUR);
    if (inReview || publishedAt > now) {
      await updatePostmortemState(trx, row.id, { state: 'in_review', at: startedAt });
    } else {
      await updatePostmortemState(trx, row.id, {
        state: 'published_public',
        publishedAt,
        publicPublishedAt: publishedAt,
        publicSections: PUBLIC_SECTIONS,
        publicBody: buildPublicBody(sections, PUBLIC_SECTIONS),
        notifiedSubscribers: false,
        at: publishedAt,
      });
    }
    written += 1;
  }
  return written;
}
