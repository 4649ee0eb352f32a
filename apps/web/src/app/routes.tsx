import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { Spinner } from '../components/Spinner';
import { AdminUsersPage } from '../features/admin-users/pages/AdminUsersPage';
import { ApiTokensPage } from '../features/api-tokens/pages/ApiTokensPage';
import { RequireAuth } from '../features/auth/components/RequireAuth';
import { SignInPage } from '../features/auth/pages/SignInPage';
import { SignUpPage } from '../features/auth/pages/SignUpPage';
import { HomePage } from '../features/home/pages/HomePage';
import { ProfilePage } from '../features/profile/pages/ProfilePage';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';

/** The grid page carries ag-grid: it loads as its own chunk when a sheet is opened. */
const SpreadsheetPage = lazy(() => import('../features/spreadsheets/pages/SpreadsheetPage').then((m) => ({ default: m.SpreadsheetPage })));

/** Every page of the app. Kept apart from the router instance so tests can mount it in memory. */
export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'sign-in', element: <SignInPage /> },
      { path: 'sign-up', element: <SignUpPage /> },
      {
        element: <RequireAuth />,
        children: [
          { path: 'profile', element: <ProfilePage /> },
          { path: 'tokens', element: <ApiTokensPage /> },
          {
            path: 'sheets/:id',
            element: (
              <Suspense fallback={<div className="page page--centered"><Spinner label="Opening spreadsheet…" /></div>}>
                <SpreadsheetPage />
              </Suspense>
            ),
          },
        ],
      },
      {
        element: <RequireAuth role="admin" />,
        children: [{ path: 'admin/users', element: <AdminUsersPage /> }],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
