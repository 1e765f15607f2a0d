export * from './errors';
export * from './schemas';
export * from './jobs';
export * from './contract';
export * from './client';
export * from './dispatch';
export * from './wire';
export * from './project';
