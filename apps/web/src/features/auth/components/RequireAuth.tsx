import type { Role } from '@contrivance/contracts';
import { Navigate, Outlet, useLocation } from 'react-router';
import { Spinner } from '../../../components/Spinner';
import { useCurrentUser } from '../hooks/useSession';

/** Pages behind sign-in: anonymous visitors go to /sign-in and come back after; `role` also checks the account role. */
export function RequireAuth({ role }: { role?: Role }) {
  const { signedIn, user, isLoading, error } = useCurrentUser();
  const location = useLocation();
  if (!signedIn) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (isLoading)
    return (
      <div className="page page--centered">
        <Spinner />
      </div>
    );
  if (!user) {
    return (
      <p className="page notice notice--error" role="alert">
        {error?.message ?? 'Could not load your account.'}
      </p>
    );
  }
  if (role && user.role !== role) {
    return (
      <section className="page page--centered">
        <h1>Not allowed</h1>
        <p className="muted">This page is for admins.</p>
      </section>
    );
  }
  return <Outlet />;
}
