import { apiRequest } from './apiRequest.js';

/** `GET /health`: resolves when the API and its storage answer, rejects with an ApiError. */
export const checkHealth = (): Promise<unknown> => apiRequest<unknown>('GET', '/health');
