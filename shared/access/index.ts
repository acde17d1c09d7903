/**
 * Roles and access (DESIGN.md "Roles and access"): the principals, the signed access tokens of
 * drivers, merchant staff and operators, and the guards handlers call before touching data.
 * Pure: the HTTP edge (functions/access) reads the token and the key and calls these.
 */
export * from './accessToken.js';
export * from './authorize.js';
export * from './principals.js';
