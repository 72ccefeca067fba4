// Role names as staff know them, and what each role may do in the interface.
// The authoritative checks are in main; these only hide controls a role cannot use.
import type { Role } from '../../../main/contract/domain';
import type { Lang } from './lang';

export const ROLE_LABELS: Readonly<Record<Role, Readonly<Record<Lang, string>>>> = {
  clerk: { vi: 'Nhân viên số hóa', en: 'Digitization clerk' },
  reviewer: { vi: 'Người kiểm tra', en: 'Reviewer' },
  supervisor: { vi: 'Giám sát', en: 'Supervisor' },
};

export function roleLabel(role: Role, lang: Lang): string {
  return ROLE_LABELS[role][lang];
}

/** Create batches and dossiers, import pages. */
export function canCapture(role: Role): boolean {
  return role === 'clerk' || role === 'supervisor';
}

/** Users, audit log. */
export function isSupervisor(role: Role): boolean {
  return role === 'supervisor';
}
