import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from './base.entity';
import { Staff } from './staff.entity';

/**
 * A subject access export asked for (SPEC §1.12, issue 16): who asked, about whom, until when its
 * download (`GET /subject-access/:id`) answers. It holds ids only; the ZIP is built from what is held
 * when it is downloaded, and each download is audited.
 */
@Entity('subject_access_exports')
export class SubjectAccessExport extends BaseEntity {
  /** The CST manager who asked: the only one it is served to. */
  @Index()
  @Column('uuid')
  requestedById: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requested_by_id' })
  requestedBy?: Relation<Staff>;

  /** How the person was named: `complainant`, `party` or `child`. */
  @Column('text')
  personKind: string;

  @Column('uuid')
  personId: string;

  @Column('timestamptz')
  expiresAt: Date;
}
