import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode, type Member, type Page, type PaginationQuery, type SheetRole } from '@contrivance/contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import { UsersService } from '../../users';
import { SheetAccessService } from '../access/sheet-access.service';
import { MembersRepository } from '../access/members.repository';

const LAST_OWNER = 'A spreadsheet needs at least one owner; make someone else owner first';

@Injectable()
export class MembersService {
  constructor(
    private readonly access: SheetAccessService,
    private readonly members: MembersRepository,
    private readonly users: UsersService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(actor: AuthUser, sheetId: string, query: PaginationQuery): Promise<Page<Member>> {
    await this.access.require(actor, sheetId, 'viewer');
    return this.members.page(sheetId, query.limit!, query.offset!);
  }

  /** Adds a member or changes their role; the last owner cannot step down. */
  async put(actor: AuthUser, sheetId: string, userId: string, role: SheetRole): Promise<Member> {
    await this.access.require(actor, sheetId, 'owner');
    if (!(await this.users.findActive(userId))) throw DomainError.notFound('User');
    await this.dataSource.transaction(async (tx) => {
      const owners = await this.members.lockOwners(tx, sheetId);
      if (role !== 'owner' && owners.length === 1 && owners[0] === userId) throw new DomainError(ErrorCode.Conflict, LAST_OWNER);
      await this.members.put(sheetId, userId, role, tx);
    });
    this.access.changed(sheetId);
    return (await this.members.list(sheetId)).find((m) => m.userId === userId)!;
  }

  async remove(actor: AuthUser, sheetId: string, userId: string): Promise<void> {
    await this.access.require(actor, sheetId, 'owner');
    await this.dataSource.transaction(async (tx) => {
      const owners = await this.members.lockOwners(tx, sheetId);
      if (owners.length === 1 && owners[0] === userId) throw new DomainError(ErrorCode.Conflict, LAST_OWNER);
      if (!(await this.members.remove(sheetId, userId, tx))) throw DomainError.notFound('Member');
    });
    this.access.changed(sheetId);
  }
}
