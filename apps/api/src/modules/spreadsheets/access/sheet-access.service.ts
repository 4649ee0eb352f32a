import { Injectable } from '@nestjs/common';
import { ErrorCode, type Column, type SheetRole } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import { toColumn } from '../columns/columns.repository';
import { MembersRepository } from '../sharing/members.repository';
import { roleAllows } from './sheet-roles';

/**
 * Who may do what on a spreadsheet. A sheet the caller cannot see answers 404 exactly like a missing one, so its
 * existence never leaks; a visible sheet with too little role answers 403. Admins act as owners everywhere.
 */
@Injectable()
export class SheetAccessService {
  constructor(private readonly members: MembersRepository) {}

  /** The caller's role, once checked to be at least `needed`. */
  async require(actor: AuthUser, sheetId: string, needed: SheetRole): Promise<SheetRole> {
    const membership = await this.members.membership(sheetId, actor.id);
    return this.check(actor, membership, needed);
  }

  /** Like `require`, also answering the sheet's row count and columns, read in the same query. */
  async requireSheet(actor: AuthUser, sheetId: string, needed: SheetRole): Promise<{ role: SheetRole; rowCount: number; columns: Column[] }> {
    const context = await this.members.context(sheetId, actor.id);
    const role = this.check(actor, context, needed);
    return { role, rowCount: context!.rowCount, columns: context!.columns.map(toColumn) };
  }

  private check(actor: AuthUser, membership: { role: SheetRole | null } | null, needed: SheetRole): SheetRole {
    const role = membership && (actor.role === 'admin' ? 'owner' : membership.role);
    if (!role) throw DomainError.notFound('Spreadsheet');
    if (!roleAllows(role, needed)) {
      throw new DomainError(ErrorCode.Forbidden, needed === 'owner' ? 'Only owners can do this' : 'Viewers cannot change this spreadsheet');
    }
    return role;
  }
}
