// The recycle bin through the Dispatcher, as the UI calls it: a clerk's delete keeps the page (row, words,
// master) out of its document's order; a clerk restores it; only a supervisor purges it, and the master goes
// only when nothing else names it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PageView, RecycledPageView, UserView } from '../../main/contract/domain';
import type { Result } from '../../main/contract/errors';
import { Dispatcher } from '../../main/ipc/dispatcher';
import type { Caller } from '../../main/ipc/caller';
import { silentLogger } from '../../main/services/logger';
import type { Workstation } from '../../main/services/workstation';
import { giveWords, importFolder, openStation, pageFolder } from '../support/store-station';
import { tempDir } from '../support/temp-dir';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function setup() {
  const t = tempDir('sohoa-trash-');
  cleanups.push(t.remove);
  const station = await openStation(path.join(t.dir, 'data'));
  cleanups.push(() => station.close());
  const dossier = await importFolder(station, 'H49.64.33.2026.2', await pageFolder(t.dir, 'c', 4));
  const supervisorUser = await station.accounts.setupFirstSupervisor({ username: 'giam.sat', fullName: 'Giám sát', password: 'mat-khau-giam-sat' });
  const actor = { userId: supervisorUser.id, name: supervisorUser.username, user: supervisorUser };
  const clerkUser = await station.accounts.create(actor, { username: 'van.thu', fullName: 'Văn thư', password: 'mat-khau-van-thu', role: 'clerk' });
  const dispatcher = new Dispatcher(station, silentLogger());
  const as = (user: UserView): Caller => ({ id: user.username, user, lastActiveMs: Date.now() });
  return { station, dossier, dispatcher, supervisor: as(supervisorUser), clerk: as(clerkUser) };
}

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

function order(station: Workstation, dossierId: number): string[] {
  return station.records.listPages(dossierId).map((p) => `${p.ordinal}:${p.source}`);
}

describe('recycle bin', () => {
  it('a deleted page leaves the page order with its words and master kept, and is restored at its place', async () => {
    const { station, dossier, dispatcher, clerk } = await setup();
    const pages = station.records.listPages(dossier.id);
    const second = pages[1]!;
    giveWords(station, second.id, 'Điều một');
    expect(station.search.search({ query: 'dieu mot', limit: 20, offset: 0 }).hits.map((h) => h.pageId)).toEqual([second.id]);

    value(await dispatcher.dispatch(clerk, 'page:delete', { pageId: second.id }));
    expect(order(station, dossier.id)).toEqual(['1:trang-1.png', '2:trang-3.png', '3:trang-4.png']);
    expect(station.search.search({ query: 'dieu mot', limit: 20, offset: 0 }).hits).toEqual([]);
    expect(existsSync(station.blobs.pathOf(second.sha256))).toBe(true);
    const [recycled] = value<RecycledPageView[]>(await dispatcher.dispatch(clerk, 'trash:list', {}));
    expect(recycled).toMatchObject({ pageId: second.id, ordinal: 2, source: 'trang-2.png', reason: 'deleted', deletedBy: 'van.thu', hasText: true });
    // A deleted master is not an orphan: a check with no grace age leaves it where it is.
    await station.close();
    const reopened = await openStation(station.dataDir, { orphanAgeMs: 0 });
    cleanups.push(() => reopened.close());
    expect(reopened.integrity?.orphansQuarantined).toEqual([]);
    const again = new Dispatcher(reopened, silentLogger());

    const restored = value<PageView>(await again.dispatch(clerk, 'trash:restore', { recycledId: recycled!.id }));
    expect(restored).toMatchObject({ id: second.id, ordinal: 2, sha256: second.sha256, state: 'recognized' });
    expect(order(reopened, dossier.id)).toEqual(['1:trang-1.png', '2:trang-2.png', '3:trang-3.png', '4:trang-4.png']);
    expect(reopened.records.words(second.id).map((w) => w.text)).toEqual(['Điều', 'một']);
    expect(reopened.search.search({ query: 'dieu mot', limit: 20, offset: 0 }).hits.map((h) => h.pageId)).toEqual([second.id]);
    expect(reopened.recycleBin.list()).toEqual([]);
    expect(reopened.audit.list(10).map((e) => e.action)).toEqual(expect.arrayContaining(['page.delete', 'trash.restore']));
  });

  it('a page its document no longer reaches goes back at the end', async () => {
    const { station, dossier, dispatcher, clerk } = await setup();
    const [, , , fourth] = station.records.listPages(dossier.id);
    value(await dispatcher.dispatch(clerk, 'page:delete', { pageId: fourth!.id }));
    const [third] = station.records.listPages(dossier.id).slice(2);
    value(await dispatcher.dispatch(clerk, 'page:delete', { pageId: third!.id }));
    const trash = station.recycleBin.list();
    const fourthEntry = trash.find((r) => r.pageId === fourth!.id)!;
    value(await dispatcher.dispatch(clerk, 'trash:restore', { recycledId: fourthEntry.id }));
    expect(order(station, dossier.id)).toEqual(['1:trang-1.png', '2:trang-2.png', '3:trang-4.png']);
  });

  it('only a supervisor purges; the master is deleted only when nothing else names it', async () => {
    const { station, dossier, dispatcher, clerk, supervisor } = await setup();
    const [first, second] = station.records.listPages(dossier.id);
    // The right half of a split names the same master as the left.
    const split = value<{ left: PageView; right: PageView }>(await dispatcher.dispatch(clerk, 'page:split', { pageId: first!.id, atX: 60, force: true }));
    value(await dispatcher.dispatch(clerk, 'page:delete', { pageId: split.right.id }));
    value(await dispatcher.dispatch(clerk, 'page:delete', { pageId: second!.id }));
    const trash = station.recycleBin.list();
    const half = trash.find((r) => r.pageId === split.right.id)!;
    const whole = trash.find((r) => r.pageId === second!.id)!;

    const refused = await dispatcher.dispatch(clerk, 'trash:purge', { recycledId: whole.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(station.recycleBin.list()).toHaveLength(2);

    value(await dispatcher.dispatch(supervisor, 'trash:purge', { recycledId: half.id }));
    expect(existsSync(station.blobs.pathOf(first!.sha256))).toBe(true);
    value(await dispatcher.dispatch(supervisor, 'trash:purge', { recycledId: whole.id }));
    expect(existsSync(station.blobs.pathOf(second!.sha256))).toBe(false);
    expect(station.recycleBin.list()).toEqual([]);
    const purges = station.audit.list(10).filter((e) => e.action === 'trash.purge');
    expect(purges.map((e) => e.detail?.blobDeleted)).toEqual([true, false]);
  });

  it('a rescan in place sends the replaced page to the recycle bin', async () => {
    const { station, dossier } = await setup();
    const [first] = station.records.listPages(dossier.id);
    const added = station.records.addPage(
      { documentId: first!.documentId, sha256: first!.sha256, format: 'png', width: 121, height: 170, dpi: 300, dpiAssumed: false, bytes: first!.bytes, source: 'quet-lai.png' },
      { kind: 'replace', pageId: first!.id },
    );
    expect(added.ordinal).toBe(1);
    expect(station.recycleBin.list()).toEqual([expect.objectContaining({ pageId: first!.id, reason: 'replaced', ordinal: 1 })]);
  });

  it('quarantine channels are the supervisor’s', async () => {
    const { dispatcher, clerk, supervisor } = await setup();
    expect(await dispatcher.dispatch(clerk, 'quarantine:list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await dispatcher.dispatch(clerk, 'quarantine:purge', { id: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(value(await dispatcher.dispatch(supervisor, 'quarantine:list', {}))).toEqual([]);
    expect(await dispatcher.dispatch(supervisor, 'quarantine:purge', { id: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
