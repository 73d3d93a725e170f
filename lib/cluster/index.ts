export * from './client';
export * from './discovery';
export * from './errors';
export * from './kubeconfig';
export * from './transport';
