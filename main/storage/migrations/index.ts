import { migration001 } from './001-initial';
import { migration002 } from './002-capture';
import { migration003 } from './003-settings';
import { migration004 } from './004-page-analysis';
import { migration005 } from './005-page-recipes';
import { migration006 } from './006-search';
import { migration007 } from './007-words-aside';
import { migration008 } from './008-store-safety';
import { migration009 } from './009-process-leases';
import { migration010 } from './010-import-identity';
import { migration011 } from './011-sign-in-lockout';
import { migration012 } from './012-audit-chain';
import { migration013 } from './013-blank-by-hand';
import { migration014 } from './014-export-currency';
import { migration015 } from './015-document-lifecycle';
import { migration016 } from './016-word-corrections';
import { migration018 } from './018-open-job-kinds';
import { migration019 } from './019-station-identity';
import { migration020 } from './020-archival-fields';
import { migration021 } from './021-metadata-proposals';
import { migration022 } from './022-separator-pages';
import { migration023 } from './023-document-reshaping';
import type { Migration } from './migration';

/** All migrations in order. Append only: a released migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  migration001, migration002, migration003, migration004, migration005, migration006,
  migration007, migration008, migration009, migration010, migration011, migration012, migration013,
  migration014, migration015, migration016, migration018, migration019, migration020, migration021, migration022,
  migration023,
];
