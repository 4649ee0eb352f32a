import { Link } from 'react-router';
import { useCurrentUser } from '../../auth/hooks/useSession';

/** The landing page. The spreadsheet list replaces its signed-in message when spreadsheets arrive. */
export function HomePage() {
  const { user } = useCurrentUser();
  return (
    <section className="page" aria-labelledby="home-title">
      <h1 id="home-title">Spreadsheets</h1>
      <div className="empty-state">
        {user ? (
          <>
            <h2>Welcome, {user.displayName}</h2>
            <p className="muted">
              Shared spreadsheets are the next part of Contrivance to arrive. Meanwhile you can set up your profile, or
              create an API token to connect your other tools.
            </p>
            <div className="empty-state__actions">
              <Link to="/profile" className="button">
                Your profile
              </Link>
              <Link to="/tokens" className="button button--ghost">
                API tokens
              </Link>
            </div>
          </>
        ) : (
          <>
            <h2>Your pipeline starts here</h2>
            <p className="muted">
              Contrivance keeps your team&apos;s deals in one shared grid that everyone edits in real time. Sign in to
              see the spreadsheets shared with you.
            </p>
            <div className="empty-state__actions">
              <Link to="/sign-in" className="button">
                Sign in
              </Link>
              <Link to="/sign-up" className="button button--ghost">
                Create an account
              </Link>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
