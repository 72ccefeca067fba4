import { migration001 } from './001-initial';
import { migration002 } from './002-capture';
import { migration003 } from './003-settings';
import type { Migration } from './migration';

/** All migrations in order. Append only: a released migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003];
