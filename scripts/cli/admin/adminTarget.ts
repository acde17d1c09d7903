/**
 * Where `parkade admin` sends its requests: the local stack (unsigned: the local server names a
 * local administrator on every IAM route) or a deployed API, signed with the caller's AWS
 * credentials (SigV4, service `execute-api`) in the API's region.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invalidInput } from '../jsonOutput.js';
import { adminTargetUsage } from './adminCommands.js';

export type AdminTarget = { kind: 'local'; apiUrl: string } | { kind: 'aws'; apiUrl: string; region: string };

export interface TargetChoice {
  local: boolean;
  apiUrl?: string | undefined;
}

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** API Gateway's default endpoints name their region: `https://abc123.execute-api.ap-east-1.amazonaws.com`. */
const regionInHost = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;

const localJsonPath = (environment: NodeJS.ProcessEnv): string => join(resolve(environment.PARKADE_DATA_DIR ?? join(repoRoot, '.data')), 'local.json');

const localApiUrl = (file: string): string => {
  const { apiUrl } = JSON.parse(readFileSync(file, 'utf8')) as { apiUrl?: unknown };
  if (typeof apiUrl !== 'string') throw invalidInput(`${file} names no apiUrl`, { file });
  return apiUrl;
};

const parsedUrl = (text: string): URL => {
  try {
    return new URL(text);
  } catch {
    throw invalidInput(`Not an API URL: ${text}`, { usage: adminTargetUsage });
  }
};

export const adminTarget = ({ local, apiUrl }: TargetChoice, environment: NodeJS.ProcessEnv = process.env): AdminTarget => {
  const file = localJsonPath(environment);
  if (local) {
    if (apiUrl !== undefined) return { kind: 'local', apiUrl: parsedUrl(apiUrl).origin };
    if (!existsSync(file)) throw invalidInput(`No local stack: ${file} does not exist (run npm start)`, { usage: adminTargetUsage });
    return { kind: 'local', apiUrl: localApiUrl(file) };
  }
  const signedUrl = apiUrl ?? environment.PARKADE_API_URL;
  if (signedUrl === undefined || signedUrl === '') {
    if (existsSync(file)) return { kind: 'local', apiUrl: localApiUrl(file) };
    throw invalidInput('Which API? Give --api-url <url> (or PARKADE_API_URL), or --local with npm start running', { usage: adminTargetUsage });
  }
  const url = parsedUrl(signedUrl);
  const region = regionInHost.exec(url.hostname)?.[1] ?? environment.AWS_REGION ?? environment.AWS_DEFAULT_REGION;
  if (region === undefined || region === '') {
    throw invalidInput(`The region of ${url.origin} is not in its name: set AWS_REGION`, { usage: adminTargetUsage });
  }
  // A custom domain may carry a base path (the stage's mapping); keep it.
  return { kind: 'aws', apiUrl: `${url.origin}${url.pathname.replace(/\/$/, '')}`, region };
};
