/** Emitted after one of a user's API tokens is revoked (the database also notifies `credentials_changed`). */
export class ApiTokenRevokedEvent {
  static readonly event = 'api-token.revoked';
  constructor(readonly userId: string) {}
}
