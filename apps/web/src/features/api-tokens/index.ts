export { ApiTokensPage } from './pages/ApiTokensPage';
