export * from './object';
export * from './labels';
export * from './version';
export * from './order';
