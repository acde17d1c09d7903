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
  /**
   * The secrets the group reads besides the access keys its routes imply (those follow from
   * `auth`): WeChat's credentials, for the groups that call WeChat.
   */
  secrets?: readonly GroupSecret[];
  /**
   * The access keys the group uses besides checking its callers (which follow from `auth`): the
   * admin group issues operator tokens (token key) and shows device secrets (device master key).
   */
  accessKeys?: readonly GroupAccessKey[];
}

/** WeChat login (code2session, phone numbers) and WeChat Pay (orders, queries, refunds, notifications, bills). */
export type GroupSecret = 'weChatLogin' | 'weChatPay';

/** The access-token key and the device master key (infra/constructs/accessKeys.ts). */
export type GroupAccessKey = 'tokenKey' | 'deviceMasterKey';

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
    description: 'Lane devices: plate events, offline backlogs, config snapshots, barrier commands, payment codes at the exit',
    // Payment codes scanned at the exit lane are charged through WeChat Pay.
    secrets: ['weChatPay'],
  },
  operators: {
    entry: 'functions/operators/handler.ts',
    memorySize: 256,
    timeoutSeconds: 10,
    description: 'Car-park staff: open barriers, correct plates, close sessions, notify drivers, audit trail',
  },
  drivers: {
    entry: 'functions/drivers/handler.ts',
    memorySize: 512,
    timeoutSeconds: 10,
    description: 'Drivers: WeChat login, phone and plates, quotes, the car at an exit lane, no-plate entry, history, invoices and staff notices',
    secrets: ['weChatLogin'],
  },
  payments: {
    entry: 'functions/payments/handler.ts',
    memorySize: 512,
    // A reconciliation downloads and compares a whole day's bill.
    timeoutSeconds: 28,
    description: 'Payments: orders, WeChat Pay notifications, refunds and the daily reconciliation',
    secrets: ['weChatPay'],
  },
  merchants: {
    entry: 'functions/merchants/handler.ts',
    // A staff login verifies an scrypt hash (16 MiB of memory, some CPU).
    memorySize: 512,
    timeoutSeconds: 10,
    description: 'Merchants: staff login, the account, coupon grants by plate, claim codes (QR images) and claims, statements; merchant administration',
  },
  admin: {
    entry: 'functions/admin/handler.ts',
    memorySize: 256,
    timeoutSeconds: 10,
    description: 'Administrators (IAM): lots, lanes, devices and their secrets, tariffs, allow- and deny-lists, operator tokens, barrier opens, audit trail',
    accessKeys: ['tokenKey', 'deviceMasterKey'],
  },
  club: {
    entry: 'functions/club/handler.ts',
    memorySize: 256,
    timeoutSeconds: 10,
    description: 'Club memberships: drivers join and see their cards and points; club admins configure and decide; operators look up members',
  },
  reports: {
    entry: 'functions/reports/handler.ts',
    memorySize: 512,
    // A day's reports scan the lot's items and download the provider's trade bill.
    timeoutSeconds: 28,
    description: 'Daily reports of a lot on demand: revenue by payment method, sessions, occupancy by hour, coupons by merchant, reconciliation',
    secrets: ['weChatPay'],
  },
} satisfies Record<string, FunctionGroup>;

export const routes: RouteDefinition[] = [
  { method: 'GET', path: '/health', group: 'system', auth: 'none', summary: 'Liveness and storage check' },
  { method: 'POST', path: '/device/events', group: 'devices', auth: 'device', summary: 'A camera read at a lane; answers the barrier decision' },
  { method: 'POST', path: '/device/events/batch', group: 'devices', auth: 'device', summary: 'An offline backlog of lane events, any order' },
  { method: 'GET', path: '/device/config', group: 'devices', auth: 'device', summary: 'Snapshot for offline work (tariffs, allow-list), with an ETag' },
  { method: 'GET', path: '/device/commands', group: 'devices', auth: 'device', summary: 'Pending barrier commands of the device’s lane' },
  { method: 'POST', path: '/device/payments', group: 'devices', auth: 'device', summary: 'A payment code scanned at the exit lane, charged for the quote shown; answers the barrier decision' },
  { method: 'POST', path: '/lots/{lotId}/lanes/{laneId}/open', group: 'operators', auth: 'operator', summary: 'Open a lane barrier by hand, with a reason (audited)' },
  { method: 'POST', path: '/lots/{lotId}/sessions/{sessionId}/plate', group: 'operators', auth: 'operator', summary: 'Correct a misread plate on a session (audited)' },
  { method: 'POST', path: '/lots/{lotId}/sessions/{sessionId}/close', group: 'operators', auth: 'operator', summary: 'Close an abandoned session (audited)' },
  { method: 'POST', path: '/lots/{lotId}/notices', group: 'operators', auth: 'operator', summary: 'Notify the driver of a car in the lot: window open, lights on (audited)' },
  { method: 'GET', path: '/lots/{lotId}/audit', group: 'operators', auth: 'operator', summary: 'The lot’s audit trail of operator actions, newest first' },
  { method: 'POST', path: '/driver/login', group: 'drivers', auth: 'none', summary: 'WeChat login code → a driver token' },
  { method: 'POST', path: '/driver/phone', group: 'drivers', auth: 'driver', summary: 'Bind the driver’s verified phone number (WeChat phone code)' },
  { method: 'GET', path: '/driver/plates', group: 'drivers', auth: 'driver', summary: 'The driver’s bound plates' },
  { method: 'POST', path: '/driver/plates', group: 'drivers', auth: 'driver', summary: 'Bind a plate (up to the configured maximum)' },
  { method: 'DELETE', path: '/driver/plates/{plate}', group: 'drivers', auth: 'driver', summary: 'Remove a bound plate' },
  { method: 'GET', path: '/lots/{lotId}/plates/{plate}/quote', group: 'drivers', auth: 'driver', summary: 'In-lot code: the fee of a parked plate (rate-limited)' },
  { method: 'GET', path: '/lots/{lotId}/lanes/{laneId}/vehicle', group: 'drivers', auth: 'driver', summary: 'Exit-lane code: the car waiting at the lane and its fee' },
  { method: 'POST', path: '/lots/{lotId}/lanes/{laneId}/departure', group: 'drivers', auth: 'driver', summary: 'Exit-lane code: the driver’s car that owes nothing leaves, barrier opens (Idempotency-Key)' },
  { method: 'POST', path: '/lots/{lotId}/lanes/{laneId}/no-plate-entry', group: 'drivers', auth: 'driver', summary: 'Entry-lane code: a temporary plate for a car without one, barrier opens' },
  { method: 'GET', path: '/driver/history', group: 'drivers', auth: 'driver', summary: 'The driver’s sessions and payments, newest first' },
  { method: 'GET', path: '/driver/notices', group: 'drivers', auth: 'driver', summary: 'Notices staff left for the driver’s plates (window open, lights on), newest first' },
  { method: 'POST', path: '/driver/notices/{noticeId}/read', group: 'drivers', auth: 'driver', summary: 'Mark one of the driver’s notices read' },
  { method: 'POST', path: '/driver/invoices', group: 'drivers', auth: 'driver', summary: 'Request an e-invoice for paid orders' },
  { method: 'POST', path: '/sessions/{sessionId}/orders', group: 'payments', auth: 'driver', summary: 'Pay a session’s quote: a payment order (Idempotency-Key)' },
  { method: 'GET', path: '/orders/{orderId}', group: 'payments', auth: 'driver', summary: 'A payment order’s state (asks the provider when its notification is late)' },
  { method: 'POST', path: '/payments/wechat/notify', group: 'payments', auth: 'none', summary: 'WeChat Pay payment and refund notifications (signature-verified)' },
  { method: 'POST', path: '/admin/orders/{orderId}/refunds', group: 'payments', auth: 'iam', summary: 'Refund part or all of a paid order' },
  { method: 'POST', path: '/lots/{lotId}/orders/{orderId}/refunds', group: 'payments', auth: 'operator', summary: 'Operator: refund part or all of a paid order of the lot (audited)' },
  { method: 'POST', path: '/merchant/login', group: 'merchants', auth: 'none', summary: 'Staff login and password → a merchant staff token' },
  { method: 'GET', path: '/merchant/account', group: 'merchants', auth: 'merchant', summary: 'The merchant’s balance, held, credit and available amounts' },
  { method: 'POST', path: '/merchant/coupons', group: 'merchants', auth: 'merchant', summary: 'Grant a coupon to a plate: its open session or its next (Idempotency-Key)' },
  { method: 'GET', path: '/merchant/coupons', group: 'merchants', auth: 'merchant', summary: 'The merchant’s grants on a local date (today by default)' },
  { method: 'POST', path: '/merchant/claim-codes', group: 'merchants', auth: 'merchant', summary: 'Owner: a claim code for a template (static or dynamic; quota, per-driver limit, expiry)' },
  { method: 'POST', path: '/driver/claims', group: 'merchants', auth: 'driver', summary: 'Claim a coupon with a scanned code for one of the driver’s plates (Idempotency-Key)' },
  { method: 'POST', path: '/merchant/coupons/{couponId}/revoke', group: 'merchants', auth: 'merchant', summary: 'Take back a coupon not yet used: its hold is released (owner: any; clerk: their own)' },
  { method: 'GET', path: '/driver/coupons', group: 'merchants', auth: 'driver', summary: 'The driver’s coupons on their bound and temporary plates: waiting, attached, used, expired, revoked' },
  { method: 'GET', path: '/merchant/statements/{month}', group: 'merchants', auth: 'merchant', summary: 'A month’s statement as CSV' },
  { method: 'POST', path: '/admin/merchants/{merchantId}/recharges', group: 'merchants', auth: 'iam', summary: 'Recharge a merchant’s prepaid balance (once per rechargeId)' },
  { method: 'GET', path: '/merchant/templates', group: 'merchants', auth: 'merchant', summary: 'The merchant’s active coupon templates (the grant screen)' },
  { method: 'GET', path: '/merchant/claim-codes', group: 'merchants', auth: 'merchant', summary: 'The merchant’s claim codes, newest first, with quota, claims and expiry' },
  { method: 'GET', path: '/merchant/claim-codes/{token}/qr', group: 'merchants', auth: 'merchant', summary: 'A printable PNG QR of one of the merchant’s claim codes' },
  { method: 'GET', path: '/merchant/recent-entries', group: 'merchants', auth: 'merchant', summary: 'Cars of the merchant’s lot still parked that came in lately, newest first' },
  { method: 'POST', path: '/admin/merchants', group: 'merchants', auth: 'iam', summary: 'Create a merchant of a lot: name, shop unit, billing (audited)' },
  { method: 'GET', path: '/admin/merchants', group: 'merchants', auth: 'iam', summary: 'A lot’s merchants (?lotId=)' },
  { method: 'GET', path: '/admin/merchants/{merchantId}', group: 'merchants', auth: 'iam', summary: 'A merchant with its account, staff and templates' },
  { method: 'PATCH', path: '/admin/merchants/{merchantId}', group: 'merchants', auth: 'iam', summary: 'Change a merchant’s name, unit, credit limit, or suspend / reactivate it (audited)' },
  { method: 'POST', path: '/admin/merchants/{merchantId}/staff', group: 'merchants', auth: 'iam', summary: 'A staff login (owner or clerk) for a merchant (audited)' },
  { method: 'PATCH', path: '/admin/merchants/{merchantId}/staff/{staffId}', group: 'merchants', auth: 'iam', summary: 'Disable or enable a staff login, or reset its password (audited)' },
  { method: 'POST', path: '/admin/merchants/{merchantId}/templates', group: 'merchants', auth: 'iam', summary: 'A coupon template for a merchant (audited)' },
  { method: 'POST', path: '/admin/merchants/{merchantId}/templates/{templateId}/retire', group: 'merchants', auth: 'iam', summary: 'Retire a merchant’s coupon template (audited)' },
  { method: 'POST', path: '/admin/merchants/{merchantId}/settlements', group: 'merchants', auth: 'iam', summary: 'Record a merchant’s payment against what it owes (once per settlementId, audited)' },
  { method: 'POST', path: '/admin/merchants/{merchantId}/adjustments', group: 'merchants', auth: 'iam', summary: 'Correct a merchant’s balance either way, with a reason (once per adjustmentId, audited)' },
  { method: 'GET', path: '/admin/merchants/{merchantId}/statements/{month}', group: 'merchants', auth: 'iam', summary: 'A merchant’s month statement as CSV' },
  { method: 'GET', path: '/admin/reports/reconciliation', group: 'payments', auth: 'iam', summary: 'A day’s orders against the provider’s trade bill' },
  { method: 'POST', path: '/admin/lots', group: 'admin', auth: 'iam', summary: 'Create a lot: name, time zone, capacity, coupon policy, holidays (audited)' },
  { method: 'GET', path: '/admin/lots', group: 'admin', auth: 'iam', summary: 'Every lot' },
  { method: 'GET', path: '/admin/lots/{lotId}', group: 'admin', auth: 'iam', summary: 'A lot’s settings and lanes' },
  { method: 'PATCH', path: '/admin/lots/{lotId}', group: 'admin', auth: 'iam', summary: 'Change a lot’s name, capacity, coupon policy or holidays, from its version (audited)' },
  { method: 'POST', path: '/admin/lots/{lotId}/lanes', group: 'admin', auth: 'iam', summary: 'Add an entry or exit lane to a lot (audited)' },
  { method: 'GET', path: '/admin/lots/{lotId}/lanes', group: 'admin', auth: 'iam', summary: 'A lot’s lanes' },
  { method: 'POST', path: '/admin/lots/{lotId}/devices', group: 'admin', auth: 'iam', summary: 'Issue a device for a lane; its secret is shown once (audited)' },
  { method: 'GET', path: '/admin/lots/{lotId}/devices', group: 'admin', auth: 'iam', summary: 'A lot’s devices (no secrets)' },
  { method: 'POST', path: '/admin/devices/{deviceId}/rotate', group: 'admin', auth: 'iam', summary: 'Rotate a device’s secret: the old one stops working, the new one is shown once (audited)' },
  { method: 'PATCH', path: '/admin/devices/{deviceId}', group: 'admin', auth: 'iam', summary: 'Disable or enable a device (audited)' },
  { method: 'POST', path: '/admin/lots/{lotId}/tariffs/validate', group: 'admin', auth: 'iam', summary: 'The problems of a draft tariff' },
  { method: 'POST', path: '/admin/lots/{lotId}/tariffs/preview', group: 'admin', auth: 'iam', summary: 'Quotes for sample stays under a draft tariff and under the one in effect' },
  { method: 'POST', path: '/admin/lots/{lotId}/tariffs', group: 'admin', auth: 'iam', summary: 'Publish a tariff version effective now or later, one per instant (audited)' },
  { method: 'GET', path: '/admin/lots/{lotId}/tariffs', group: 'admin', auth: 'iam', summary: 'A lot’s tariff versions, newest first, and which is in effect' },
  { method: 'PUT', path: '/admin/lots/{lotId}/allow-list/{plate}', group: 'admin', auth: 'iam', summary: 'Allow-list a plate: category, note, validity (audited)' },
  { method: 'DELETE', path: '/admin/lots/{lotId}/allow-list/{plate}', group: 'admin', auth: 'iam', summary: 'Take a plate off the allow-list (audited)' },
  { method: 'GET', path: '/admin/lots/{lotId}/allow-list', group: 'admin', auth: 'iam', summary: 'A lot’s allow-list' },
  { method: 'PUT', path: '/admin/lots/{lotId}/deny-list/{plate}', group: 'admin', auth: 'iam', summary: 'Deny-list a plate: category, note, validity (audited)' },
  { method: 'DELETE', path: '/admin/lots/{lotId}/deny-list/{plate}', group: 'admin', auth: 'iam', summary: 'Take a plate off the deny-list (audited)' },
  { method: 'GET', path: '/admin/lots/{lotId}/deny-list', group: 'admin', auth: 'iam', summary: 'A lot’s deny-list' },
  { method: 'POST', path: '/admin/lots/{lotId}/operator-tokens', group: 'admin', auth: 'iam', summary: 'A short-lived operator token for a named staff member of the lot (audited)' },
  { method: 'POST', path: '/admin/lots/{lotId}/lanes/{laneId}/open', group: 'admin', auth: 'iam', summary: 'Open a lane barrier by hand, with a reason (audited)' },
  { method: 'GET', path: '/admin/lots/{lotId}/audit', group: 'admin', auth: 'iam', summary: 'The lot’s audit trail of operator and administrator actions, newest first' },
  { method: 'POST', path: '/driver/memberships', group: 'club', auth: 'driver', summary: 'Join a lot’s club with a bound plate (verified phone; one plate, one member)' },
  { method: 'GET', path: '/driver/memberships', group: 'club', auth: 'driver', summary: 'The driver’s member cards: tier, status, validity, points, benefits, quota, recent visits' },
  { method: 'GET', path: '/driver/memberships/{membershipId}/points', group: 'club', auth: 'driver', summary: 'A membership’s points history, newest first' },
  { method: 'POST', path: '/driver/memberships/{membershipId}/cancel', group: 'club', auth: 'driver', summary: 'Cancel one of the driver’s memberships (its points expire)' },
  { method: 'PUT', path: '/driver/memberships/{membershipId}/auto-redeem', group: 'club', auth: 'driver', summary: 'Let the exit spend points on the fee, or stop it' },
  { method: 'PUT', path: '/admin/lots/{lotId}/club', group: 'club', auth: 'iam', summary: 'Set a lot’s club: tiers, benefits, activity rules, validity (audited)' },
  { method: 'GET', path: '/admin/lots/{lotId}/club', group: 'club', auth: 'iam', summary: 'A lot’s club configuration' },
  { method: 'POST', path: '/admin/lots/{lotId}/memberships/{membershipId}/{action}', group: 'club', auth: 'iam', summary: 'Approve, reject, suspend or reinstate a membership, with a reason (audited)' },
  { method: 'GET', path: '/lots/{lotId}/members/{plate}', group: 'club', auth: 'operator', summary: 'Operator: the member card of a plate in the lot' },
  { method: 'GET', path: '/admin/lots/{lotId}/reports/{date}', group: 'reports', auth: 'iam', summary: 'A lot’s daily reports of a local date as CSV: revenue, sessions, occupancy, coupons, reconciliation' },
];

/** API Gateway's route key for a route, e.g. `GET /sessions/{sessionId}`. */
export const routeKeyOf = (route: Pick<RouteDefinition, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;
