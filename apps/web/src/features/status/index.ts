export { statusKeys } from './api/status.queries';
export { ServerStatus } from './components/ServerStatus';
