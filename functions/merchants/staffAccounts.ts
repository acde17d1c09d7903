/**
 * A merchant's staff logins, managed by administrators:
 *   StaffLogin   pk=LOGIN#<login>                 sk=LOGIN          the member (staffLogin.ts signs in with it)
 *   StaffMember  pk=MERCHANT#<merchantId>         sk=STAFF#<staffId> → login (the merchant's staff, by id)
 * A new member is both items and the audit entry in one transaction, each put on
 * `attribute_not_exists`: a login name is never given twice, nor a staff id within a merchant.
 */
import { randomBytes } from 'node:crypto';
import type { AdminPrincipal, MerchantStaffPrincipal } from '../../shared/access/index.js';
import { DomainError, parseOrThrow } from '../../shared/errors/index.js';
import { createStaff, reviseStaff, staffSchema, type NewStaff, type Staff } from '../../shared/merchants/index.js';
import { transactWrite } from '../sessions/transactWrite.js';
import { tableName } from '../store/client.js';
import { merchantAuditPut } from './merchantAudit.js';
import { getItem, loadMerchant, merchantPartition, queryBetween } from './merchantRecords.js';
import { hashPassword } from './passwordHash.js';
import { staffLoginKey } from './staffLogin.js';

/** A member as the admin API shows them: never the password hash. */
export type StaffView = Omit<Staff, 'passwordHash'>;

const viewOf = ({ passwordHash: _hash, ...staff }: Staff): StaffView => staff;

const staffMemberKey = (merchantId: string, staffId: string) => ({ pk: merchantPartition(merchantId), sk: `STAFF#${staffId}` });

const staffLoginItem = (staff: Staff, at: string) => ({ ...staffLoginKey(String(staff.login)), entity: 'StaffLogin', ...staff, createdAt: at });

export const addStaff = async (
  admin: AdminPrincipal,
  merchantId: string,
  { password, reason, staffId, ...input }: Omit<NewStaff, 'staffId'> & { staffId?: string | undefined; password: string; reason: string },
): Promise<StaffView> => {
  const merchant = await loadMerchant(merchantId);
  const staff = createStaff(merchant, { ...input, staffId: staffId ?? `stf-${randomBytes(6).toString('hex')}` }, await hashPassword(password));
  const at = new Date().toISOString();
  const outcome = await transactWrite([
    { Put: { TableName: tableName(), Item: staffLoginItem(staff, at), ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Put: {
        TableName: tableName(),
        Item: { ...staffMemberKey(merchantId, staff.staffId), entity: 'StaffMember', merchantId, staffId: staff.staffId, login: staff.login, createdAt: at },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    merchantAuditPut({ admin, merchant, action: 'createStaff', reason, at, details: { staffId: staff.staffId, login: staff.login, role: staff.role } }),
  ]);
  if (outcome.committed) return viewOf(staff);
  if (outcome.reasons[0] === 'ConditionalCheckFailed') throw new DomainError('CONFLICT', `The login ${staff.login} is taken`, { reason: 'LOGIN_TAKEN', login: staff.login });
  if (outcome.reasons[1] === 'ConditionalCheckFailed') throw new DomainError('CONFLICT', `Staff ${staff.staffId} already exists`, { reason: 'STAFF_EXISTS', staffId: staff.staffId });
  throw new Error(`Staff not written: ${outcome.reasons.join(', ')}`);
};

const loadMember = async (merchantId: string, staffId: string): Promise<Staff> => {
  const member = await getItem(staffMemberKey(merchantId, staffId));
  const item = member === undefined ? undefined : await getItem(staffLoginKey(String(member.login)));
  if (item === undefined) throw new DomainError('NOT_FOUND', `No staff ${staffId} at merchant ${merchantId}`, { merchantId, staffId });
  return parseOrThrow(staffSchema, item, `staff ${staffId}`);
};

/** Disable or enable a member, or reset their password. A disabled member cannot sign in. */
export const changeStaff = async (
  admin: AdminPrincipal,
  merchantId: string,
  staffId: string,
  { status, password, reason }: { status?: Staff['status'] | undefined; password?: string | undefined; reason: string },
): Promise<StaffView> => {
  const merchant = await loadMerchant(merchantId);
  const staff = await loadMember(merchantId, staffId);
  const next = reviseStaff(staff, { status, passwordHash: password === undefined ? undefined : await hashPassword(password) });
  const at = new Date().toISOString();
  const outcome = await transactWrite([
    {
      Update: {
        TableName: tableName(),
        Key: staffLoginKey(String(staff.login)),
        UpdateExpression: 'SET #status = :status, passwordHash = :hash, updatedAt = :at',
        ConditionExpression: 'merchantId = :merchantId AND staffId = :staffId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': next.status, ':hash': next.passwordHash, ':at': at, ':merchantId': merchantId, ':staffId': staffId },
      },
    },
    merchantAuditPut({
      admin,
      merchant,
      action: 'updateStaff',
      reason,
      at,
      details: { staffId, ...(status === undefined ? {} : { status: { from: staff.status, to: next.status } }), ...(password === undefined ? {} : { passwordReset: true }) },
    }),
  ]);
  if (!outcome.committed) throw new Error(`Staff change not written: ${outcome.reasons.join(', ')}`);
  return viewOf(next);
};

/** A merchant's staff, by id. */
export const staffOfMerchant = async (merchantId: string): Promise<StaffView[]> => {
  const members = await queryBetween(merchantPartition(merchantId), 'STAFF#', 'STAFF#~');
  return Promise.all(members.map(async (member) => viewOf(await loadMember(merchantId, String(member.staffId)))));
};

/**
 * A staff token outlives a disablement (tokens last hours), so merchant routes ask whether the
 * member is still active: a member disabled since their sign-in is refused at once. A token of a
 * member the merchant has no StaffMember item for (staff from before the admin API) stands.
 */
export const checkStaffActive = async ({ merchantId, staffId }: MerchantStaffPrincipal): Promise<void> => {
  const member = await getItem(staffMemberKey(merchantId, staffId));
  if (member === undefined) return;
  const login = await getItem(staffLoginKey(String(member.login)));
  if (login?.status !== 'active' || login.merchantId !== merchantId || login.staffId !== staffId) {
    throw new DomainError('UNAUTHORIZED', 'This staff login is disabled; ask the car park to enable it', { reason: 'staffDisabled' });
  }
};
