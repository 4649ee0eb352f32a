import { lazy } from 'react';

export { PipelineBoard } from './board/PipelineBoard';
export { boardColumns, pipelineKeys } from './pipeline.api';

/** The dashboard and d3 load only when the dashboard is opened (their own bundle chunk). */
export const Dashboard = lazy(() => import('./dashboard/Dashboard'));
