export * from './decimal';
export * from './iso-date';
export * from './interest';
export * from './quantity';
