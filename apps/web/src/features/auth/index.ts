/** What the rest of the app uses of accounts and sessions. */
export { authKeys } from './api/auth.api';
export { RequireAuth } from './components/RequireAuth';
export { UserMenu } from './components/UserMenu';
export { useCurrentUser, useSessionCacheReset } from './hooks/useSession';
export { SignInPage } from './pages/SignInPage';
export { SignUpPage } from './pages/SignUpPage';
