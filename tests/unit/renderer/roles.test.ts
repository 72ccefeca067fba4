import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../main/contract/domain';
import { canCapture, isSupervisor, roleLabel, ROLE_LABELS } from '../../../renderer/src/lib/roles';

describe('roles', () => {
  it('name every role in Vietnamese and English', () => {
    expect(roleLabel('clerk', 'vi')).toBe('Nhân viên số hóa');
    expect(roleLabel('reviewer', 'vi')).toBe('Người kiểm tra');
    expect(roleLabel('supervisor', 'vi')).toBe('Giám sát');
    for (const role of ROLES) {
      expect(ROLE_LABELS[role].vi.length).toBeGreaterThan(0);
      expect(ROLE_LABELS[role].en.length).toBeGreaterThan(0);
    }
  });

  it('let clerks and supervisors capture, not reviewers', () => {
    expect(canCapture('clerk')).toBe(true);
    expect(canCapture('supervisor')).toBe(true);
    expect(canCapture('reviewer')).toBe(false);
  });

  it('keep administration for supervisors', () => {
    expect(isSupervisor('supervisor')).toBe(true);
    expect(isSupervisor('clerk')).toBe(false);
    expect(isSupervisor('reviewer')).toBe(false);
  });
});
