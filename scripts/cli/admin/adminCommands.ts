/**
 * The `parkade admin` commands, as plain data: each names one route of the admin API
 * (functions/routes.ts, `iam`), fills the route's `{parameters}` from its positional arguments
 * in order, and builds the body (or, for GET and DELETE, the query) from its options and stdin.
 * The API validates what is sent; the CLI only carries it, so the two cannot disagree.
 */
import type { HttpMethod } from '../../../functions/routes.js';

export interface AdminOption {
  /** The body or query field; the option is its kebab-case spelling: `lotId` → `--lot-id`. */
  field: string;
  /** `integer` options are sent as numbers, `jsonFile` options as the JSON of the file they name. */
  kind: 'text' | 'integer' | 'jsonFile';
  /** What to write in the usage, e.g. `<ISO instant>`. */
  placeholder: string;
  /**
   * The route's schema requires the field: shown without brackets in the usage, and a command
   * line without it (nor the field on stdin) is a usage error before any request is sent.
   * test/unit/cli/adminSchemas.test.ts holds this to each route's schema.
   */
  required?: boolean;
}

export interface AdminCommand {
  /** `['lots', 'create']` → `parkade admin lots create`. */
  words: readonly [string, string];
  method: HttpMethod;
  /** The route's path, exactly as functions/routes.ts has it. */
  path: string;
  summary: string;
  options?: readonly AdminOption[];
  /** Body fields the command always sends (`devices disable` → `{ status: 'disabled' }`). */
  fixed?: Readonly<Record<string, unknown>>;
  /** JSON on stdin: the whole body (options override its fields), or the value of one field. */
  stdin?: { into: 'body' | string; placeholder: string; optional?: boolean };
  /**
   * The route creates something each time it is called and takes an `Idempotency-Key`: the CLI
   * sends a fresh key per invocation (printed on stderr) or the `--idempotency-key` to retry with.
   */
  idempotent?: true;
}

const reason: AdminOption = { field: 'reason', kind: 'text', placeholder: '<why>', required: true };
const optionalReason: AdminOption = { ...reason, required: false };
const text = (field: string, placeholder: string, required = true): AdminOption => ({ field, kind: 'text', placeholder, required });
const integer = (field: string, placeholder: string, required = true): AdminOption => ({ field, kind: 'integer', placeholder, required });

const plateListCommands = (list: 'allow' | 'deny'): AdminCommand[] => [
  { words: [`${list}-list`, 'list'], method: 'GET', path: `/admin/lots/{lotId}/${list}-list`, summary: `the lot's ${list}-list` },
  {
    words: [`${list}-list`, 'put'],
    method: 'PUT',
    path: `/admin/lots/{lotId}/${list}-list/{plate}`,
    summary: `put a plate on the ${list}-list (replacing its entry)`,
    options: [
      text('category', '<category>'),
      text('note', '<text>', false),
      text('validFrom', '<ISO instant>', false),
      text('validUntil', '<ISO instant>', false),
      reason,
    ],
  },
  {
    words: [`${list}-list`, 'remove'],
    method: 'DELETE',
    path: `/admin/lots/{lotId}/${list}-list/{plate}`,
    summary: `take a plate off the ${list}-list`,
    options: [reason],
  },
];

export const adminCommands: readonly AdminCommand[] = [
  { words: ['lots', 'list'], method: 'GET', path: '/admin/lots', summary: 'every lot' },
  { words: ['lots', 'get'], method: 'GET', path: '/admin/lots/{lotId}', summary: 'a lot with its lanes' },
  {
    words: ['lots', 'create'],
    method: 'POST',
    path: '/admin/lots',
    summary: 'create a lot (stdin may add couponPolicy and holidays)',
    options: [text('lotId', '<lotId>'), text('name', '<name>'), integer('capacity', '<spaces>'), text('timezone', '<IANA zone>', false), reason],
    stdin: { into: 'body', placeholder: 'settings.json', optional: true },
  },
  {
    words: ['lots', 'update'],
    method: 'PATCH',
    path: '/admin/lots/{lotId}',
    summary: "change a lot's name or capacity; stdin may change couponPolicy fields (null lifts a cap) and replace holidays; --version refuses a lot changed since",
    options: [text('name', '<name>', false), integer('capacity', '<spaces>', false), integer('version', '<version read>', false), reason],
    stdin: { into: 'body', placeholder: 'settings.json', optional: true },
  },
  { words: ['lanes', 'list'], method: 'GET', path: '/admin/lots/{lotId}/lanes', summary: "a lot's lanes" },
  {
    words: ['lanes', 'create'],
    method: 'POST',
    path: '/admin/lots/{lotId}/lanes',
    summary: 'add an entry or exit lane',
    options: [text('laneId', '<laneId>'), text('name', '<name>'), text('direction', 'entry|exit'), reason],
  },
  { words: ['devices', 'list'], method: 'GET', path: '/admin/lots/{lotId}/devices', summary: "a lot's devices (no secrets)" },
  {
    words: ['devices', 'issue'],
    method: 'POST',
    path: '/admin/lots/{lotId}/devices',
    summary: 'a device for a lane; prints its secret, once',
    options: [text('laneId', '<laneId>'), text('deviceId', '<deviceId>', false), reason],
    idempotent: true,
  },
  {
    words: ['devices', 'rotate'],
    method: 'POST',
    path: '/admin/devices/{deviceId}/rotate',
    summary: "rotate a device's secret; prints the new one, once",
    options: [reason],
  },
  { words: ['devices', 'disable'], method: 'PATCH', path: '/admin/devices/{deviceId}', summary: 'refuse a device’s requests', options: [reason], fixed: { status: 'disabled' } },
  { words: ['devices', 'enable'], method: 'PATCH', path: '/admin/devices/{deviceId}', summary: 'accept a device’s requests again', options: [reason], fixed: { status: 'active' } },
  {
    words: ['tariffs', 'validate'],
    method: 'POST',
    path: '/admin/lots/{lotId}/tariffs/validate',
    summary: "a draft tariff's problems",
    stdin: { into: 'tariff', placeholder: 'tariff.json' },
  },
  {
    words: ['tariffs', 'preview'],
    method: 'POST',
    path: '/admin/lots/{lotId}/tariffs/preview',
    summary: 'quotes for sample stays under a draft and under the tariff in effect',
    options: [{ field: 'stays', kind: 'jsonFile', placeholder: '<stays.json>' }],
    stdin: { into: 'tariff', placeholder: 'tariff.json' },
  },
  {
    words: ['tariffs', 'publish'],
    method: 'POST',
    path: '/admin/lots/{lotId}/tariffs',
    summary: 'publish a tariff, effective now or at a later instant',
    options: [text('effectiveFrom', '<ISO instant>', false), reason],
    stdin: { into: 'tariff', placeholder: 'tariff.json' },
    idempotent: true,
  },
  { words: ['tariffs', 'history'], method: 'GET', path: '/admin/lots/{lotId}/tariffs', summary: 'tariff versions, newest first, and which is in effect' },
  ...plateListCommands('allow'),
  ...plateListCommands('deny'),
  {
    words: ['operators', 'token'],
    method: 'POST',
    path: '/admin/lots/{lotId}/operator-tokens',
    summary: 'a short-lived operator token for a named staff member',
    options: [text('operatorId', '<operatorId>'), text('name', '<name>'), integer('lifetimeMinutes', '<minutes>', false), reason],
  },
  { words: ['barrier', 'open'], method: 'POST', path: '/admin/lots/{lotId}/lanes/{laneId}/open', summary: "open a lane's barrier", options: [reason] },
  {
    words: ['audit', 'list'],
    method: 'GET',
    path: '/admin/lots/{lotId}/audit',
    summary: "the lot's audit trail, newest first",
    options: [integer('limit', '<1-100>', false), text('before', '<ISO instant>', false)],
  },
  { words: ['merchants', 'list'], method: 'GET', path: '/admin/merchants', summary: "a lot's merchants", options: [text('lotId', '<lotId>')] },
  { words: ['merchants', 'get'], method: 'GET', path: '/admin/merchants/{merchantId}', summary: 'a merchant with its account, staff and templates' },
  { words: ['merchants', 'create'], method: 'POST', path: '/admin/merchants', summary: 'create a merchant', options: [optionalReason], stdin: { into: 'body', placeholder: 'merchant.json' } },
  {
    words: ['merchants', 'update'],
    method: 'PATCH',
    path: '/admin/merchants/{merchantId}',
    summary: "change a merchant's name, unit or credit limit",
    options: [text('name', '<name>', false), text('shopUnit', '<unit>', false), integer('creditLimitFen', '<fen>', false), reason],
  },
  { words: ['merchants', 'suspend'], method: 'PATCH', path: '/admin/merchants/{merchantId}', summary: "stop a merchant's staff granting", options: [reason], fixed: { status: 'suspended' } },
  { words: ['merchants', 'reactivate'], method: 'PATCH', path: '/admin/merchants/{merchantId}', summary: 'let a suspended merchant grant again', options: [reason], fixed: { status: 'active' } },
  {
    words: ['merchants', 'recharge'],
    method: 'POST',
    path: '/admin/merchants/{merchantId}/recharges',
    summary: "add to a merchant's prepaid balance (once per rechargeId)",
    options: [text('rechargeId', '<rechargeId>'), integer('amountFen', '<fen>'), optionalReason],
  },
  {
    words: ['merchants', 'settle'],
    method: 'POST',
    path: '/admin/merchants/{merchantId}/settlements',
    summary: "record a merchant's payment (once per settlementId)",
    options: [text('settlementId', '<settlementId>'), integer('amountFen', '<fen>'), text('reference', '<bank reference>'), optionalReason],
  },
  {
    words: ['merchants', 'adjust'],
    method: 'POST',
    path: '/admin/merchants/{merchantId}/adjustments',
    summary: "correct a merchant's balance either way (once per adjustmentId)",
    options: [text('adjustmentId', '<adjustmentId>'), integer('amountFen', '<±fen>'), reason],
  },
  { words: ['merchants', 'add-staff'], method: 'POST', path: '/admin/merchants/{merchantId}/staff', summary: 'a staff login', options: [optionalReason], stdin: { into: 'body', placeholder: 'staff.json' } },
  {
    words: ['merchants', 'update-staff'],
    method: 'PATCH',
    path: '/admin/merchants/{merchantId}/staff/{staffId}',
    summary: 'disable or enable a staff login, or reset its password',
    options: [text('status', 'active|disabled', false), text('password', '<password>', false), reason],
  },
  {
    words: ['merchants', 'add-template'],
    method: 'POST',
    path: '/admin/merchants/{merchantId}/templates',
    summary: 'a coupon template',
    options: [optionalReason],
    stdin: { into: 'body', placeholder: 'template.json' },
  },
  {
    words: ['merchants', 'retire-template'],
    method: 'POST',
    path: '/admin/merchants/{merchantId}/templates/{templateId}/retire',
    summary: 'retire a coupon template',
    options: [reason],
  },
  { words: ['merchants', 'statement'], method: 'GET', path: '/admin/merchants/{merchantId}/statements/{month}', summary: "a merchant's month statement (CSV)" },
  {
    words: ['orders', 'refund'],
    method: 'POST',
    path: '/admin/orders/{orderId}/refunds',
    summary: 'refund part or all of a paid order (once per refundId)',
    options: [text('refundId', '<refundId>'), integer('amountFen', '<fen>'), reason],
  },
  {
    words: ['reports', 'daily'],
    method: 'GET',
    path: '/admin/lots/{lotId}/reports/{date}',
    summary: "a lot's daily reports of a local date (one as CSV with --name)",
    options: [text('name', '<report>', false)],
  },
  {
    words: ['reports', 'reconciliation'],
    method: 'GET',
    path: '/admin/reports/reconciliation',
    summary: "a day's orders against the provider's bill",
    options: [text('date', '<YYYY-MM-DD>')],
  },
  { words: ['club', 'get'], method: 'GET', path: '/admin/lots/{lotId}/club', summary: "a lot's club configuration" },
  { words: ['club', 'set'], method: 'PUT', path: '/admin/lots/{lotId}/club', summary: "set a lot's club", stdin: { into: 'body', placeholder: 'club.json' } },
  {
    words: ['club', 'decide'],
    method: 'POST',
    path: '/admin/lots/{lotId}/memberships/{membershipId}/{action}',
    summary: 'approve, reject, suspend or reinstate a membership',
    options: [reason],
  },
];

/** `lotId` → `--lot-id`. */
export const optionFlag = (field: string): string => `--${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

/** The route's `{parameters}`, in order: the command's positional arguments. */
export const pathParameters = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);

export const commandUsage = (command: AdminCommand): string => {
  const options = (command.options ?? []).map((option) => {
    const shown = `${optionFlag(option.field)} ${option.placeholder}`;
    return option.required === true ? shown : `[${shown}]`;
  });
  return [
    'parkade admin',
    ...command.words,
    ...pathParameters(command.path).map((name) => `<${name}>`),
    ...options,
    ...(command.idempotent === true ? ['[--idempotency-key <key>]'] : []),
    ...(command.stdin === undefined ? [] : [command.stdin.optional === true ? `[< ${command.stdin.placeholder}]` : `< ${command.stdin.placeholder}`]),
  ].join(' ');
};

export const adminTargetUsage = [
  'Target (every admin command): --local, or --api-url <url> / PARKADE_API_URL (signed with your AWS credentials, SigV4).',
  'Without either, the local stack of .data/local.json (PARKADE_DATA_DIR) when it exists; --local --api-url <url> talks unsigned to <url>.',
];

/** Every admin command with its usage and summary, for `parkade --help` and `parkade admin --help`. */
export const adminUsageLines = (): string[] => adminCommands.map((command) => `  ${commandUsage(command)}\n      ${command.summary}`);

export const adminHelpText = (): string =>
  ['Usage: parkade admin <resource> <action> [arguments]', '', ...adminUsageLines(), '', ...adminTargetUsage, ''].join('\n');
