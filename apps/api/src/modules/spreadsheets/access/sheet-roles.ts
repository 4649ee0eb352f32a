import type { SheetRole } from '@contrivance/contracts';

const RANK: Record<SheetRole, number> = { viewer: 1, editor: 2, owner: 3 };

/** True when `role` is at least `needed` (owner > editor > viewer). */
export function roleAllows(role: SheetRole | null, needed: SheetRole): boolean {
  return role !== null && RANK[role] >= RANK[needed];
}
