// Decorators of class-transformer read design-time metadata, in the browser too.
import 'reflect-metadata';

export * from './auth';
export * from './comments';
export * from './errors';
export * from './formula';
export * from './ops';
export * from './pagination';
export * from './pipeline';
export * from './realtime';
export * from './rollups';
export * from './search';
export * from './spreadsheets';
export * from './summaries';
export * from './tokens';
export * from './users';
export * from './views';
export * from './undo';
export * from './webhooks';
export * from './scalars';
export * from './sheet-api';
