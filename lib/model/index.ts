export * from './object';
export * from './labels';
export * from './version';
export * from './order';
export * from './json';
export * from './scope';
