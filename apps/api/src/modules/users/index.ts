/**
 * The door of the users module: what other modules may use. Auth reads the stored account (UserEntity) to sign people
 * in; everyone else sees users through UsersService and the contract's User.
 */
export { UsersModule } from './users.module';
export { UsersService } from './users.service';
export { PasswordChangedEvent, UserDeactivatedEvent } from './users.events';
export { toUser } from './users.mapper';
export type { UserEntity } from './user.entity';
