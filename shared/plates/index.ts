export * from './classifyPlate.js';
export * from './matchPlate.js';
export * from './normalizePlate.js';
export * from './parsePlate.js';
export * from './plateSchema.js';
