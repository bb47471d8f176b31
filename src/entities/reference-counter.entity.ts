import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last complaint reference number issued in a year (`CMP-YYYY-NNNNNN`). */
@Entity('reference_counters')
export class ReferenceCounter {
  @PrimaryColumn('integer')
  year: number;

  @Column('integer')
  last: number;
}
