import { Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { Spinner } from '../components/Spinner';
import { AdminUsersPage } from '../features/admin-users';
import { ApiTokensPage } from '../features/api-tokens';
import { RequireAuth, SignInPage, SignUpPage } from '../features/auth';
import { HomePage } from '../features/home';
import { ProfilePage } from '../features/profile';
import { SpreadsheetPage } from '../features/spreadsheets';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';

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
              <Suspense
                fallback={
                  <div className="page page--centered">
                    <Spinner label="Opening spreadsheet…" />
                  </div>
                }
              >
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
