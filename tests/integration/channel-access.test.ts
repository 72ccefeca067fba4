// Every channel of the contract, called through the Dispatcher by a caller who is not signed in and by
// a clerk, a reviewer and a supervisor: the access table below is what the contract must say (a change
// to who may do what is a deliberate edit here), and the Dispatcher lets exactly those callers through.
// Arguments are left empty: an allowed caller then gets past the access check to the argument check
// (or a harmless read); a refused one is stopped before. A real Workstation on a real SQLite file.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type Channel } from '../../main/contract/channels';
import type { Role } from '../../main/contract/domain';
import type { Result } from '../../main/contract/errors';
import { newCaller, type Caller } from '../../main/ipc/caller';
import { Dispatcher } from '../../main/ipc/dispatcher';
import { silentLogger } from '../../main/services/logger';
import { Workstation } from '../../main/services/workstation';
import { tempDir } from '../support/temp-dir';

/** P: anyone; S: anyone signed in; else the roles, c(lerk) r(eviewer) s(upervisor). */
const ACCESS: Record<Channel, 'P' | 'S' | string> = {
  'session:get': 'P',
  'auth:setup': 'P',
  'auth:login': 'P',
  'auth:logout': 'S',
  'user:list': 's',
  'user:create': 's',
  'user:unlock': 's',
  'batch:list': 'crs',
  'batch:create': 'cs',
  'dossier:list': 'crs',
  'dossier:create': 'cs',
  'dossier:get': 'crs',
  'dossier:update': 'cs',
  'page:list': 'crs',
  'page:get': 'crs',
  'search:pages': 'crs',
  'words:lowConfidence': 'crs',
  'word:correct': 'crs',
  'document:updateMetadata': 'crs',
  'document:proposeMetadata': 'crs',
  'document:submitReview': 'cs',
  'document:approve': 'rs',
  'document:return': 'rs',
  'page:delete': 'cs',
  'page:move': 'cs',
  'page:edit': 'cs',
  'page:undo': 'cs',
  'page:split': 'cs',
  'page:setBlank': 'cs',
  'document:split': 'cs',
  'document:merge': 'cs',
  'document:movePages': 'cs',
  'document:undoReshape': 'cs',
  'page:dismissNewDocument': 'cs',
  'scanner:list': 'cs',
  'scanner:capabilities': 'cs',
  'captureSources:get': 's',
  'captureSources:save': 's',
  'profile:list': 'crs',
  'profile:save': 's',
  'profile:delete': 's',
  'scan:start': 'cs',
  'import:start': 'cs',
  'separation:get': 'crs',
  'separation:clearFlag': 'cs',
  'separators:print': 'cs',
  'stitch:register': 'cs',
  'ocr:start': 'crs',
  'export:start': 'crs',
  'catalogue:exportDossiers': 'crs',
  'catalogue:exportDocuments': 'crs',
  'catalogue:import': 'cs',
  'exportFolders:get': 'crs',
  'exportFolders:add': 's',
  'exportFolders:remove': 's',
  'job:list': 'crs',
  'job:cancel': 'crs',
  'progress:summary': 'crs',
  'audit:list': 's',
  'audit:verify': 's',
  'trash:list': 'crs',
  'trash:restore': 'cs',
  'trash:purge': 's',
  'quarantine:list': 's',
  'quarantine:restore': 's',
  'quarantine:purge': 's',
  'settings:get': 'crs',
  'station:get': 'S',
  'station:rename': 's',
};

const ROLE_LETTER: Record<Role, string> = { clerk: 'c', reviewer: 'r', supervisor: 's' };
const PASSWORD = 'mat-khau-thu-nghiem';

let work: ReturnType<typeof tempDir>;
let station: Workstation;
let dispatcher: Dispatcher;
const callers = { nobody: newCaller('t:nobody'), clerk: newCaller('t:clerk'), reviewer: newCaller('t:reviewer'), supervisor: newCaller('t:supervisor') };
const usernames: Record<Role, string> = { clerk: 'vanthu', reviewer: 'kiemtra', supervisor: 'giamsat' };

async function call(caller: Caller, channel: string, args: unknown = {}): Promise<Result<unknown>> {
  return dispatcher.dispatch(caller, channel, args);
}

async function signIn(role: Role): Promise<void> {
  const result = await call(callers[role], 'auth:login', { username: usernames[role], password: PASSWORD });
  if (!result.ok) throw new Error(`sign-in of ${role}: ${result.error.code}`);
}

beforeAll(async () => {
  work = tempDir('sohoa-channel-access-');
  station = await Workstation.open({ dataDir: path.join(work.dir, 'data'), outboxDir: path.join(work.dir, 'outbox'), runJobs: false, ocrWorkers: 1, scanners: [] });
  dispatcher = new Dispatcher(station, silentLogger());
  const setup = await call(callers.supervisor, 'auth:setup', { username: usernames.supervisor, fullName: 'Nguyễn Văn A', password: PASSWORD });
  expect(setup.ok).toBe(true);
  for (const role of ['clerk', 'reviewer'] as const) {
    const created = await call(callers.supervisor, 'user:create', { username: usernames[role], fullName: `Người ${role}`, password: PASSWORD, role });
    expect(created.ok).toBe(true);
    await signIn(role);
  }
});

afterAll(async () => {
  await station?.close();
  work?.remove();
});

describe('channel access', () => {
  it('the contract gives every channel the access of the table, and the table names every channel', () => {
    const actual = Object.fromEntries(
      Object.entries(contract).map(([channel, spec]) => {
        const access = spec.access;
        return [channel, access === 'public' ? 'P' : access === 'signed-in' ? 'S' : access.map((role) => ROLE_LETTER[role]).join('')];
      }),
    );
    expect(actual).toEqual(ACCESS);
  });

  it('lets through exactly the callers the table names, for every channel', async () => {
    const outcomes: string[] = [];
    for (const channel of Object.keys(ACCESS) as Channel[]) {
      const allowed = ACCESS[channel];
      for (const who of ['nobody', 'clerk', 'reviewer', 'supervisor'] as const) {
        const result = await call(callers[who], channel);
        const code = result.ok ? 'ok' : result.error.code;
        // The access check's own refusal, not a handler's (a job's owner check also says FORBIDDEN).
        const refusedByAccess = code === 'UNAUTHENTICATED' || (code === 'FORBIDDEN' && !result.ok && result.error.message === 'Vai trò của bạn không được phép làm việc này.');
        const mayPass = allowed === 'P' || (who !== 'nobody' && (allowed === 'S' || allowed.includes(ROLE_LETTER[who])));
        outcomes.push(`${channel} ${who}: ${mayPass ? 'passes' : 'refused'}`);
        expect(refusedByAccess, `${channel} called by ${who} answered ${code}`).toBe(!mayPass);
        if (!mayPass) expect(code).toBe(who === 'nobody' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
        // auth:logout with empty arguments signs the caller out: sign them in again for the next channel.
        if (channel === 'auth:logout' && who !== 'nobody' && result.ok) await signIn(who);
      }
    }
    expect(outcomes).toHaveLength(Object.keys(ACCESS).length * 4);
  });
});
