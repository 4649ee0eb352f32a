export * from './errors';
export * from './ops';
