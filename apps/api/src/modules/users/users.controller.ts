import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListUsersQuery, UpdateMeDto, UpdateUserDto, type Page, type User, type UserSummary } from '@contrivance/contracts';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles, SessionOnly } from '../../common/auth/auth.decorators';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe';
import { ApiBodyDto, ApiQueryDto } from '../../openapi/dto-schemas';
import { ErrorBodySchema, UserListSchema, UserSchema } from '../../openapi/schemas';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Search accounts by name or email prefix (members see id, email and name only)' })
  @ApiQueryDto(ListUsersQuery)
  @ApiOkResponse({ schema: UserListSchema })
  list(@CurrentUser() actor: AuthUser, @Query() query: ListUsersQuery): Promise<Page<User | UserSummary>> {
    return this.users.list(actor, query);
  }

  @Get('me')
  @ApiOperation({ summary: 'My account' })
  @ApiOkResponse({ schema: UserSchema })
  me(@CurrentUser() actor: AuthUser): Promise<User> {
    return this.users.me(actor);
  }

  @Patch('me')
  @SessionOnly()
  @ApiOperation({ summary: 'Update my profile, preferences or password (a new password needs the current one)' })
  @ApiBodyDto(UpdateMeDto)
  @ApiOkResponse({ schema: UserSchema })
  updateMe(@CurrentUser() actor: AuthUser, @Body() body: UpdateMeDto): Promise<User> {
    return this.users.updateMe(actor, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account (admins, or yourself)' })
  @ApiOkResponse({ schema: UserSchema })
  get(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<User> {
    return this.users.get(actor, id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Update an account: admins any field including role and isActive, yourself the profile fields' })
  @ApiBodyDto(UpdateUserDto)
  @ApiOkResponse({ schema: UserSchema })
  @ApiConflictResponse({ description: 'The change would leave no active admin', schema: ErrorBodySchema })
  update(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() body: UpdateUserDto): Promise<User> {
    return this.users.update(actor, id, body);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deactivate an account and revoke its sessions and tokens (its data stays)' })
  @ApiNoContentResponse({ description: 'Deactivated' })
  @ApiConflictResponse({ description: 'The last active admin cannot be deactivated', schema: ErrorBodySchema })
  deactivate(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.users.deactivate(actor, id);
  }
}
