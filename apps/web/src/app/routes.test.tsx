import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderRoute } from '../test/render';

function stubFetch(response: () => Promise<Response>) {
  return vi.spyOn(globalThis, 'fetch').mockImplementation(response);
}

const json = (status: number, body: unknown) =>
  Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));

describe('app routes', () => {
  it('shows the 404 page with the unknown path for a deep link nobody serves', async () => {
    stubFetch(() => json(200, { status: 'ok', checks: {} }));
    renderRoute('/no/such/page');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByText('/no/such/page')).toBeInTheDocument();
  });

  it('navigates from the 404 page back home through the layout', async () => {
    stubFetch(() => json(200, { status: 'ok', checks: {} }));
    const { router } = renderRoute('/missing');
    await userEvent.click(await screen.findByRole('link', { name: 'Back to spreadsheets' }));
    expect(router.state.location.pathname).toBe('/');
    expect(screen.getByRole('heading', { name: 'Spreadsheets' })).toBeInTheDocument();
  });

  it('reports the server online when readiness answers ok', async () => {
    const fetch = stubFetch(() => json(200, { status: 'ok', checks: { database: { status: 'up' } } }));
    renderRoute('/');
    expect(await screen.findByText('Server online')).toBeInTheDocument();
    expect(fetch).toHaveBeenCalledWith('/health/ready', expect.anything());
  });

  it('reports the server unreachable when readiness answers 503', async () => {
    stubFetch(() => json(503, { statusCode: 503, error: 'Service Unavailable', message: 'Database is not reachable' }));
    renderRoute('/');
    const status = await screen.findByText('Server unreachable');
    expect(status.closest('[role="status"]')).toHaveAttribute('title', 'Database is not reachable');
  });

  it('keeps the sign-in placeholder honest: submitting says sign-in is not available', async () => {
    stubFetch(() => json(200, { status: 'ok', checks: {} }));
    renderRoute('/sign-in');
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('alert')).toHaveTextContent('not available yet');
  });
});
