import { lazy } from 'react';

export { boardColumns, pipelineKeys } from './pipeline.api';

/** The board loads when the board view is shown (its own chunk). */
export const PipelineBoard = lazy(() => import('./board/PipelineBoard').then((m) => ({ default: m.PipelineBoard })));

/** The dashboard and d3 load only when the dashboard is opened (their own bundle chunk). */
export const Dashboard = lazy(() => import('./dashboard/Dashboard'));
