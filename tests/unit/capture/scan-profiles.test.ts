import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../main/accounts/audit-log';
import { commandLineActor } from '../../../main/accounts/actor';
import { ScanProfiles, scanSettingsOf } from '../../../main/capture/scan-profiles';
import { thrownAppError } from '../../support/app-error';
import { tempStore } from '../../support/temp-records';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
const actor = commandLineActor('tester');

function openProfiles(): { profiles: ScanProfiles; audit: AuditLog } {
  const { db } = tempStore(cleanups);
  const audit = new AuditLog(db);
  return { profiles: new ScanProfiles(db, audit), audit };
}

const a3 = { name: 'A3 bản vẽ', recordKind: 'large-format', source: 'flatbed', colorMode: 'color', resolution: 300, paperSize: 'A3', widthMm: 297, heightMm: 420 } as const;

describe('scan profiles', () => {
  it('finds the built-in profiles by name, whatever the case', () => {
    const { profiles } = openProfiles();
    expect(profiles.byName('hồ sơ đóng ghim – mặt kính').source).toBe('flatbed');
    expect(thrownAppError(() => profiles.byName('Không có')).messageVi).toMatch(/Không tìm thấy hồ sơ quét/);
  });

  it('saves, renames and deletes a profile, each step in the audit log', () => {
    const { profiles, audit } = openProfiles();
    const created = profiles.save(actor, null, a3);
    expect(created).toMatchObject({ ...a3, deviceOptions: {} });
    const renamed = profiles.save(actor, created.id, { ...a3, name: 'A3 bản vẽ kỹ thuật', deviceOptions: { 'hand-scanner': true } });
    expect(renamed.name).toBe('A3 bản vẽ kỹ thuật');
    expect(renamed.deviceOptions).toEqual({ 'hand-scanner': true });
    profiles.remove(actor, created.id);
    expect(profiles.list().map((p) => p.name)).not.toContain('A3 bản vẽ kỹ thuật');
    expect(audit.list(10).map((e) => e.action)).toEqual(['profile.delete', 'profile.update', 'profile.create']);
  });

  it('refuses settings below Thông tư 05/2025 and duplicate names, in Vietnamese', () => {
    const { profiles } = openProfiles();
    expect(thrownAppError(() => profiles.save(actor, null, { ...a3, resolution: 200 })).messageVi).toMatch(/Bản đồ, bản vẽ kỹ thuật phải quét tối thiểu 300 dpi/);
    expect(thrownAppError(() => profiles.save(actor, null, { ...a3, recordKind: 'document', resolution: 150 })).messageVi).toMatch(/tối thiểu 200 dpi/);
    expect(thrownAppError(() => profiles.save(actor, null, { ...a3, colorMode: 'gray' })).messageVi).toMatch(/quét màu, tối thiểu 24 bit/);
    expect(thrownAppError(() => profiles.save(actor, null, { ...a3, name: 'Hồ sơ đóng ghim – mặt kính' })).messageVi).toMatch(/Đã có hồ sơ quét tên/);
  });

  it('keeps at least one profile', () => {
    const { profiles } = openProfiles();
    const all = profiles.list();
    for (const p of all.slice(1)) profiles.remove(actor, p.id);
    expect(thrownAppError(() => profiles.remove(actor, all[0]!.id)).messageVi).toMatch(/hồ sơ quét cuối cùng/);
  });

  it('turns a profile into scanner settings; a roll-fed profile has no height', () => {
    const { profiles } = openProfiles();
    const large = profiles.byName('Bản đồ / bản vẽ khổ lớn – 300 dpi');
    expect(scanSettingsOf(large)).toEqual({ source: 'flatbed', colorMode: 'color', resolution: 300, widthMm: 841, heightMm: null });
    expect(scanSettingsOf(large, 1).maxPages).toBe(1);
  });
});
