export * from './fen.js';
