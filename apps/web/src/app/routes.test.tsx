import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { session } from '../lib/session';
import { authResponse, json, mockApi, user } from '../test/api-mock';
import { renderRoute } from '../test/render';

const healthy = () => json(200, { status: 'ok', checks: { database: { status: 'up' } } });

afterEach(() => session.clear());

describe('app routes', () => {
  it('shows the 404 page with the unknown path for a deep link nobody serves', async () => {
    mockApi({ 'GET /health/ready': healthy });
    renderRoute('/no/such/page');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByText('/no/such/page')).toBeInTheDocument();
  });

  it('navigates from the 404 page back home through the layout', async () => {
    mockApi({ 'GET /health/ready': healthy });
    const { router } = renderRoute('/missing');
    await userEvent.click(await screen.findByRole('link', { name: 'Back to spreadsheets' }));
    expect(router.state.location.pathname).toBe('/');
    expect(screen.getByRole('heading', { name: 'Spreadsheets' })).toBeInTheDocument();
  });

  it('reports the server online when readiness answers ok', async () => {
    mockApi({ 'GET /health/ready': healthy });
    renderRoute('/');
    expect(await screen.findByText('Server online')).toBeInTheDocument();
  });

  it('reports the server unreachable when readiness answers 503', async () => {
    mockApi({ 'GET /health/ready': () => json(503, { statusCode: 503, error: 'Service Unavailable', message: 'Database is not reachable' }) });
    renderRoute('/');
    const status = await screen.findByText('Server unreachable');
    expect(status.closest('[role="status"]')).toHaveAttribute('title', 'Database is not reachable');
  });
});

describe('signing in', () => {
  it('validates with the shared DTO before calling the server', async () => {
    const fetch = mockApi({ 'GET /health/ready': healthy });
    renderRoute('/sign-in');
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Email must be a valid email address')).toBeInTheDocument();
    expect(screen.getByText('Password is required')).toBeInTheDocument();
    expect(fetch.requests.map((r) => r.path)).not.toContain('/auth/login');
  });

  it("shows the server's refusal", async () => {
    mockApi({
      'GET /health/ready': healthy,
      'POST /auth/login': () => json(401, { statusCode: 401, error: 'Unauthorized', message: 'Incorrect email or password' }),
    });
    renderRoute('/sign-in');
    await userEvent.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Incorrect email or password');
    expect(session.isSignedIn).toBe(false);
  });

  it('starts a session and goes to the page that asked for sign-in', async () => {
    mockApi({
      'GET /health/ready': healthy,
      'POST /auth/login': () => json(200, authResponse()),
      'GET /auth/validate': () => json(200, { user }),
      'GET /api/tokens': () => json(200, { items: [], total: 0 }),
    });
    const { router } = renderRoute('/tokens');
    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
    expect(router.state.location.search).toBe('?next=%2Ftokens');
    await userEvent.type(await screen.findByLabelText('Email'), 'Ada@Example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse battery');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'API tokens' })).toBeInTheDocument();
    expect(session.isSignedIn).toBe(true);
    expect(screen.getByText('Ada Lovelace')).toBeInTheDocument();
    expect(await screen.findByText('No tokens yet.')).toBeInTheDocument();
  });

  it('shows inline messages for a weak password on sign-up', async () => {
    mockApi({ 'GET /health/ready': healthy });
    renderRoute('/sign-up');
    await userEvent.type(await screen.findByLabelText('Name'), 'Ada');
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('Password must be at least 10 characters')).toBeInTheDocument();
  });

  it('keeps members out of admin pages', async () => {
    session.start(authResponse());
    mockApi({ 'GET /health/ready': healthy, 'GET /auth/validate': () => json(200, { user }) });
    renderRoute('/admin/users');
    expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Users' })).not.toBeInTheDocument();
  });
});

describe('signing out', () => {
  it("drops the account's cached data when the session ends", async () => {
    session.start(authResponse());
    mockApi({
      'GET /health/ready': healthy,
      'GET /auth/validate': () => json(200, { user }),
      'GET /api/spreadsheets': () => json(200, { items: [], total: 0 }),
      'POST /auth/logout': () => new Response(null, { status: 204 }),
    });
    const { queryClient, router } = renderRoute('/');
    expect(await screen.findByText('Welcome, Ada Lovelace.')).toBeInTheDocument();
    expect(await screen.findByText(/No spreadsheets yet/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
    expect(session.isSignedIn).toBe(false);
    expect(queryClient.getQueryData(['auth', 'me'])).toBeUndefined();
  });
});
