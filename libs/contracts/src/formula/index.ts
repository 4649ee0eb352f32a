export * from './ast';
export * from './check';
export * from './evaluate';
export * from './parse';
export * from './references';
export { numberText, roundNumber } from './decimal';
