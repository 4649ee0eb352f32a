import { NavLink, Outlet } from 'react-router';
import { ServerStatus } from '../features/status/components/ServerStatus';

const navLinkClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'nav-link nav-link--active' : 'nav-link');

/** Header with the product name and navigation, then the routed page. */
export function AppLayout() {
  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <NavLink to="/" className="brand" aria-label="Contrivance home">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          Contrivance
        </NavLink>
        <nav aria-label="Main" className="app-nav">
          <NavLink to="/" end className={navLinkClass}>
            Spreadsheets
          </NavLink>
          <a className="nav-link" href="/api/docs">
            API docs
          </a>
        </nav>
        <div className="app-header__end">
          <ServerStatus />
          <NavLink to="/sign-in" className="button button--ghost">
            Sign in
          </NavLink>
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
