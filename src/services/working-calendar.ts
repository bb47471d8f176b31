/**
 * The working-day calendar the deadlines count on (SPEC "Deadline arithmetic"): England and Wales
 * bank holidays plus those an administrator added, read once per transaction.
 */
import type { EntityManager } from 'typeorm';
import { WorkingDayCalendar } from '../domain/working-days';
import { BankHoliday } from '../entities';

export class WorkingCalendar {
  private readonly byTransaction = new WeakMap<EntityManager, WorkingDayCalendar>();

  /** The calendar as this transaction sees it. */
  async of(tx: EntityManager): Promise<WorkingDayCalendar> {
    let cal = this.byTransaction.get(tx);
    if (!cal) {
      const added = await tx.getRepository(BankHoliday).find({ select: { date: true } });
      cal = new WorkingDayCalendar(added.map((h) => h.date));
      this.byTransaction.set(tx, cal);
    }
    return cal;
  }

  /** Forgets the transaction's calendar (a holiday was added in it). */
  forget(tx: EntityManager): void {
    this.byTransaction.delete(tx);
  }
}
