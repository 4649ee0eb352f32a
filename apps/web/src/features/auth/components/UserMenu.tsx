import { useNavigate, NavLink } from 'react-router';
import { signOut } from '../api/auth.api';
import { useCurrentUser } from '../hooks/useSession';

/** Header end: sign-in link, or the account's name with its pages and sign-out. */
export function UserMenu() {
  const { signedIn, user } = useCurrentUser();
  const navigate = useNavigate();
  if (!signedIn) {
    return (
      <NavLink to="/sign-in" className="button button--ghost">
        Sign in
      </NavLink>
    );
  }
  const onSignOut = async () => {
    await signOut().catch(() => undefined);
    navigate('/sign-in', { replace: true });
  };
  return (
    <div className="user-menu">
      <NavLink to="/profile" className="user-menu__name" title={user?.email}>
        {user?.displayName ?? '…'}
      </NavLink>
      <button type="button" className="button button--ghost" onClick={onSignOut}>
        Sign out
      </button>
    </div>
  );
}
