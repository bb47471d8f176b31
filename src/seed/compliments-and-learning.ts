/** Compliments about practitioners, and learning points drawn from assessed complaints. */
import { addDays } from '../domain/calendar-date';
import { ComplimentSource, LearningPointKind } from '../domain/enums';
import { seedUuid } from './ids';
import { SERVICE_AREAS } from './names';
import type { Row, RowWriter } from './row-writer';
import type { SeedContext } from './seed-context';

/** 300 compliments per unit of scale, over the last eighteen months. */
export async function writeCompliments(ctx: SeedContext, writer: RowWriter): Promise<void> {
  const { random, staff, ids } = ctx;
  const compliments: Row[] = [];
  for (let n = 0; n < 300 * ctx.scale; n++) {
    const area = random.int(0, SERVICE_AREAS.length - 1);
    compliments.push({
      id: seedUuid(`compliment:${n}`),
      staff_id: random.pick(staff.practitioners[area]),
      service_area_id: ids.areaIds[area],
      source: random.weighted([
        [ComplimentSource.SERVICE_USER, 3],
        [ComplimentSource.PROFESSIONAL, 1],
      ]),
      received_on: random.daysAgo(random.int(0, 540)),
      summary: random.pick([
        'Thank you for listening to my daughter.',
        'A clear and fair report.',
        'The adviser was kind and patient with the children.',
      ]),
    });
  }
  await writer.write('compliments', compliments);
}

/** Up to 100 learning points per unit of scale, from the first assessed complaints; half of them closed. */
export async function writeLearningPoints(ctx: SeedContext, writer: RowWriter): Promise<void> {
  const { random, staff, assessed } = ctx;
  const learning: Row[] = [];
  for (let n = 0; n < Math.min(100 * ctx.scale, assessed.length); n++) {
    const closed = random.chance(0.5);
    const dueOn = addDays(assessed[n].receivedOn, random.int(30, 90));
    learning.push({
      id: seedUuid(`learning-point:${n}`),
      complaint_id: assessed[n].id,
      kind: random.pick(Object.values(LearningPointKind)),
      description: random.pick([
        'Check dates of missed sessions with the contact centre before reporting them.',
        'Arrange cover for messages during leave.',
      ]),
      owner_id: random.pick(staff.lineManagers[random.int(0, SERVICE_AREAS.length - 1)]),
      due_on: dueOn,
      closed_on: closed ? addDays(dueOn, -random.int(1, 20)) : null,
      closing_evidence: closed ? 'Team briefing notes' : null,
    });
  }
  await writer.write('learning_points', learning);
}
