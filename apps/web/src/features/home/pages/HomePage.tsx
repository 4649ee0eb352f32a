import { Link } from 'react-router';

/** The landing page. Until accounts exist it explains what comes next; the spreadsheet list replaces it later. */
export function HomePage() {
  return (
    <section className="page" aria-labelledby="home-title">
      <h1 id="home-title">Spreadsheets</h1>
      <div className="empty-state">
        <h2>Your pipeline starts here</h2>
        <p className="muted">
          Contrivance keeps your team&apos;s deals in one shared grid that everyone edits in real time. Sign in to see
          the spreadsheets shared with you.
        </p>
        <div className="empty-state__actions">
          <Link to="/sign-in" className="button">
            Sign in
          </Link>
          <a href="/api/docs" className="button button--ghost">
            Explore the API
          </a>
        </div>
      </div>
    </section>
  );
}
