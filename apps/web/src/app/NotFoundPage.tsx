import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <section className="page page--centered" aria-labelledby="not-found-title">
      <p className="eyebrow">404</p>
      <h1 id="not-found-title">Page not found</h1>
      <p className="muted">
        Nothing lives at <code>{pathname}</code>. It may have been moved, or the link is mistyped.
      </p>
      <Link to="/" className="button">
        Back to spreadsheets
      </Link>
    </section>
  );
}
