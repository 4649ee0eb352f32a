import type { RouteObject } from 'react-router';
import { SignInPage } from '../features/auth/pages/SignInPage';
import { HomePage } from '../features/home/pages/HomePage';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';

/** Every page of the app. Kept apart from the router instance so tests can mount it in memory. */
export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'sign-in', element: <SignInPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
