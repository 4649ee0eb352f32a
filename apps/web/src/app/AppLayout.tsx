import { useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useCurrentUser, UserMenu } from '../features/auth';
import { ServerStatus } from '../features/status';

const navLinkClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'nav-link nav-link--active' : 'nav-link');

/**
 * Header with the product name, navigation for what this account may open, then the routed page. On narrow screens
 * (tablets held upright, phones) the navigation and the account fold into a Menu button.
 */
export function AppLayout() {
  const { user } = useCurrentUser();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setMenuOpen(false), [location.pathname]);
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
        <button
          type="button"
          className="button button--ghost button--small app-menu-button"
          aria-expanded={menuOpen}
          aria-controls="app-menu"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <div id="app-menu" className={`app-menu${menuOpen ? ' app-menu--open' : ''}`}>
          <nav aria-label="Main" className="app-nav">
            <NavLink to="/" end className={navLinkClass}>
              Spreadsheets
            </NavLink>
            {user && (
              <NavLink to="/tokens" className={navLinkClass}>
                API tokens
              </NavLink>
            )}
            {user?.role === 'admin' && (
              <NavLink to="/admin/users" className={navLinkClass}>
                Users
              </NavLink>
            )}
            <a className="nav-link" href="/api/docs">
              API docs
            </a>
          </nav>
          <div className="app-header__end">
            <UserMenu />
          </div>
        </div>
        <ServerStatus />
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
