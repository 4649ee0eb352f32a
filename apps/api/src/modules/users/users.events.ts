/** Emitted (and awaited) after an account is deactivated: its sessions and API tokens must stop working. */
export class UserDeactivatedEvent {
  static readonly event = 'user.deactivated';
  constructor(readonly userId: string) {}
}

/** Emitted (and awaited) after a password change: every other session of the account is signed out. */
export class PasswordChangedEvent {
  static readonly event = 'user.password-changed';
  constructor(
    readonly userId: string,
    readonly keepSessionId?: string,
  ) {}
}
