// Typed audit events and the station's identity on every row (issue 14, item 6), against a real data folder.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../main/accounts/actor';
import { EMPTY_METADATA, type UserView } from '../../main/contract/domain';
import { Dispatcher } from '../../main/ipc/dispatcher';
import { silentLogger } from '../../main/services/logger';
import { Workstation } from '../../main/services/workstation';
import { tempDir } from '../support/temp-dir';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

const clerk = commandLineActor('lan.pt');
const open = async (dataDir: string) => {
  const station = await Workstation.open({ dataDir, autoRecognize: false, ocrWorkers: 1, scanners: [], logger: silentLogger() });
  cleanups.push(() => station.close());
  return station;
};
const caller = (user: UserView) => ({ id: 'ui', lastActiveMs: Date.now(), user });

describe('audit events', () => {
  it('refuses an event that is not registered, at compile time and at run time, and writes nothing', async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const station = await open(path.join(t.dir, 'data'));
    const rows = station.audit.list(1000).length;
    // @ts-expect-error 'page.shred' is not an audit event
    expect(() => station.audit.record(clerk, 'page.shred', 'page:1')).toThrow(/not in AUDIT_EVENTS/);
    // @ts-expect-error page.move needs its document and its two places
    expect(() => station.audit.record(clerk, 'page.move', 'page:1', { from: 1 })).toThrow(/does not fit/);
    // @ts-expect-error an event's detail has no room for other keys
    expect(() => station.audit.record(clerk, 'batch.create', 'batch:1', { name: 'Lô', note: 'x' })).toThrow(/does not fit/);
    expect(station.audit.list(1000)).toHaveLength(rows);
  });

  it('records the old and the new value of each metadata field a clerk changes', async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const station = await open(path.join(t.dir, 'data'));
    const dossier = station.records.createDossier(station.records.createBatch('Lô', null).id, 'H49.64.33.2026.7', 'Hồ sơ');
    const document = station.records.createDocument(dossier.id, 'qd-15');
    station.archive.updateMetadata(clerk, document.id, { ...EMPTY_METADATA, codeNumber: '15', subject: 'Về việc thành lập tổ công tác' });
    station.archive.updateMetadata(clerk, document.id, { ...EMPTY_METADATA, codeNumber: '16', subject: 'Về việc thành lập tổ công tác', place: 'Huế' });
    const [second, first] = station.audit.list(10).filter((e) => e.action === 'document.metadata');
    expect(first!.detail).toEqual({
      changes: [
        { field: 'codeNumber', old: null, new: '15' },
        { field: 'subject', old: null, new: 'Về việc thành lập tổ công tác' },
      ],
    });
    expect(second!.detail).toEqual({
      changes: [
        { field: 'codeNumber', old: '15', new: '16' },
        { field: 'place', old: null, new: 'Huế' },
      ],
    });
    expect(station.auditWatch.check(true)).toMatchObject({ intact: true });
  });
});

describe('the station on every audit row', () => {
  it('keeps one station id across reopening, and every row carries it with the name a supervisor gave', async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const dataDir = path.join(t.dir, 'data');
    const first = await open(dataDir);
    const { stationId, name } = first.identity.get();
    expect(stationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(name).toBeNull();
    first.audit.record(clerk, 'dossier.create', 'dossier:H49.1');
    await first.close();
    cleanups.pop();

    const again = await open(dataDir);
    expect(again.identity.get().stationId).toBe(stationId);
    const boss = await again.accounts.setupFirstSupervisor({ username: 'giamsat', fullName: 'Giám sát', password: 'mat-khau-that-dai' });
    const typist = await again.accounts.create(clerk, { username: 'vanthu', fullName: 'Văn thư', password: 'mat-khau-that-dai', role: 'clerk' });
    const dispatcher = new Dispatcher(again, silentLogger());
    expect(await dispatcher.dispatch(caller(typist), 'station:rename', { name: 'Trạm 2' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await dispatcher.dispatch(caller(boss), 'station:rename', { name: '  ' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await dispatcher.dispatch(caller(boss), 'station:rename', { name: ' Trạm 2 – Phòng lưu trữ ' })).toMatchObject({
      ok: true,
      value: { stationId, name: 'Trạm 2 – Phòng lưu trữ' },
    });
    expect(await dispatcher.dispatch(caller(typist), 'station:get', {})).toMatchObject({ ok: true, value: { stationId, name: 'Trạm 2 – Phòng lưu trữ' } });
    again.audit.record(clerk, 'dossier.create', 'dossier:H49.2');

    const rows = again.audit.list(100);
    expect(rows.every((r) => r.stationId === stationId)).toBe(true);
    const rename = rows.find((r) => r.action === 'station.rename')!;
    expect(rename).toMatchObject({ actor: 'giamsat', subject: `station:${stationId}`, stationName: 'Trạm 2 – Phòng lưu trữ' });
    expect(rename.detail).toEqual({ changes: [{ field: 'name', old: null, new: 'Trạm 2 – Phòng lưu trữ' }] });
    expect(rows.find((r) => r.subject === 'dossier:H49.1')!.stationName).toBeNull();
    expect(rows.find((r) => r.subject === 'dossier:H49.2')!.stationName).toBe('Trạm 2 – Phòng lưu trữ');
    expect(again.auditWatch.check(true)).toMatchObject({ intact: true });
  });

  it('gives another data folder another station', async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const a = await open(path.join(t.dir, 'a'));
    const b = await open(path.join(t.dir, 'b'));
    expect(a.identity.get().stationId).not.toBe(b.identity.get().stationId);
  });
});
