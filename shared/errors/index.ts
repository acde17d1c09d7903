export * from './domainError.js';
export * from './validation.js';
