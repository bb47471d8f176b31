/** What the read engine needs of a request: its EntityManager, its row scope, its loaders and the page cap. */
import type { EntityManager } from 'typeorm';
import type { RowScope } from '../auth/row-scope';
import type { Config } from '../config';
import type { Loaders } from './loaders';

export interface ReadContext {
  em: EntityManager;
  /** Which rows the caller may read: every read goes through it. */
  scope: RowScope;
  loaders: Loaders;
  config: Pick<Config, 'maxPageSize'>;
}
