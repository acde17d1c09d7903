/**
 * The HTTP route table, as plain data. The CDK api stack creates one Lambda function per
 * function group and one API route per entry; the local server (scripts/local) builds API
 * Gateway v2 events from the same table and calls the same handlers. Add a route here and
 * both pick it up.
 */
export type RouteAuth =
  /** Anyone; rate-limited where it reveals anything. */
  | 'none'
  /** A lane device, HMAC-signed per DESIGN.md "Lane devices". */
  | 'device'
  /** A driver's short-lived token from WeChat login. */
  | 'driver'
  /** Merchant staff (owner or clerk) token. */
  | 'merchant'
  /** Car-park operator token, scoped to one lot. */
  | 'operator'
  /** AWS IAM (SigV4); the admin API. */
  | 'iam';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface FunctionGroup {
  /** Entry file, relative to the repository root; it exports `handler`. */
  entry: string;
  memorySize: number;
  timeoutSeconds: number;
  /** What the group does, for the console's function description. */
  description: string;
}

export interface RouteDefinition {
  method: HttpMethod;
  /** API Gateway path syntax: `/sessions/{sessionId}`. */
  path: string;
  group: keyof typeof functionGroups;
  auth: RouteAuth;
  summary: string;
}

export const functionGroups = {
  system: {
    entry: 'functions/system/handler.ts',
    memorySize: 256,
    timeoutSeconds: 5,
    description: 'Health and service information',
  },
  devices: {
    entry: 'functions/devices/handler.ts',
    memorySize: 512,
    // An offline backlog of up to 500 events is answered in one request, inside API Gateway's 30 s.
    timeoutSeconds: 28,
    description: 'Lane devices: plate events, offline backlogs, config snapshots, barrier commands',
  },
} satisfies Record<string, FunctionGroup>;

export const routes: RouteDefinition[] = [
  { method: 'GET', path: '/health', group: 'system', auth: 'none', summary: 'Liveness and storage check' },
  { method: 'POST', path: '/device/events', group: 'devices', auth: 'device', summary: 'A camera read at a lane; answers the barrier decision' },
  { method: 'POST', path: '/device/events/batch', group: 'devices', auth: 'device', summary: 'An offline backlog of lane events, any order' },
  { method: 'GET', path: '/device/config', group: 'devices', auth: 'device', summary: 'Snapshot for offline work (tariffs, allow-list), with an ETag' },
  { method: 'GET', path: '/device/commands', group: 'devices', auth: 'device', summary: 'Pending barrier commands of the device’s lane' },
];

/** API Gateway's route key for a route, e.g. `GET /sessions/{sessionId}`. */
export const routeKeyOf = (route: Pick<RouteDefinition, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;
