import { Link, useLocation } from 'react-router';
import { useCurrentUser } from '../../auth';
import { SpreadsheetList } from '../../spreadsheets';

/** The landing page: the spreadsheet list when signed in, an invitation otherwise. */
export function HomePage() {
  const { user } = useCurrentUser();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  if (user) {
    return (
      <section className="page" aria-labelledby="home-title">
        <h1 id="home-title">Spreadsheets</h1>
        <p className="muted">Welcome, {user.displayName}.</p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <SpreadsheetList />
      </section>
    );
  }
  return (
    <section className="page" aria-labelledby="home-title">
      <h1 id="home-title">Spreadsheets</h1>
      <div className="empty-state">
        <h2>Your pipeline starts here</h2>
        <p className="muted">Contrivance keeps your team&apos;s deals in one shared grid that everyone edits in real time. Sign in to see the spreadsheets shared with you.</p>
        <div className="empty-state__actions">
          <Link to="/sign-in" className="button">
            Sign in
          </Link>
          <Link to="/sign-up" className="button button--ghost">
            Create an account
          </Link>
        </div>
      </div>
    </section>
  );
}
