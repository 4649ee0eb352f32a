import { lazy } from 'react';

/** Opened from the sheet's menu now and then: its own chunk. */
export const WebhooksPanel = lazy(() => import('./components/WebhooksPanel').then((m) => ({ default: m.WebhooksPanel })));
