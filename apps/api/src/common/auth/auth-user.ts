import type { Role, TokenScope } from '@contrivance/contracts';

/** Who is calling: set on the request by the authentication guard. */
export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  /** The refresh-session family behind an access token (absent for API tokens). */
  sessionId?: string;
  /** Present when the call is authenticated with a personal API token. */
  apiToken?: { id: string; scope: TokenScope };
}
