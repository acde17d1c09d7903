import { DomainError } from '../errors/index.js';
import type {
  AdminPrincipal,
  DriverPrincipal,
  MerchantStaffPrincipal,
  OperatorPrincipal,
  Principal,
  StaffRole,
} from './principals.js';

/*
 * Who may touch what. Each guard takes the caller (undefined: nobody authenticated) and the
 * resource's owner, returns the caller narrowed to its kind, or throws UNAUTHORIZED (no caller)
 * or FORBIDDEN (the wrong caller). Handlers call one before they read anything, so a merchant
 * never sees another merchant's data, a driver never another driver's, an operator only their lot.
 */

const unauthenticated = (): DomainError => new DomainError('UNAUTHORIZED', 'Sign in first', { reason: 'missingToken' });

const forbidden = (message: string, details: Record<string, unknown>): DomainError => new DomainError('FORBIDDEN', message, details);

const requireKind = <K extends Principal['kind']>(principal: Principal | undefined, kind: K): Extract<Principal, { kind: K }> => {
  if (principal === undefined) throw unauthenticated();
  if (principal.kind !== kind) throw forbidden(`Only a ${kind} may do this`, { required: kind, caller: principal.kind });
  return principal as Extract<Principal, { kind: K }>;
};

/** A driver; with `driverId`, only that driver (their own sessions, orders, memberships). */
export const requireDriver = (principal: Principal | undefined, driverId?: string): DriverPrincipal => {
  const driver = requireKind(principal, 'driver');
  if (driverId !== undefined && driver.driverId !== driverId) throw forbidden('This belongs to another driver', {});
  return driver;
};

/** Staff of this merchant, in one of `roles` (any role by default). */
export const requireMerchantStaff = (
  principal: Principal | undefined,
  merchantId: string,
  roles: readonly StaffRole[] = ['owner', 'clerk'],
): MerchantStaffPrincipal => {
  const staff = requireKind(principal, 'merchant');
  if (staff.merchantId !== merchantId) throw forbidden('This belongs to another merchant', { merchantId });
  if (!roles.includes(staff.role)) throw forbidden(`Only a merchant's ${roles.join(' or ')} may do this`, { role: staff.role });
  return staff;
};

/** The merchant's owner (recharges, staff, claim codes), not a clerk. */
export const requireMerchantOwner = (principal: Principal | undefined, merchantId: string): MerchantStaffPrincipal =>
  requireMerchantStaff(principal, merchantId, ['owner']);

/** An operator of this lot. */
export const requireOperator = (principal: Principal | undefined, lotId: string): OperatorPrincipal => {
  const operator = requireKind(principal, 'operator');
  if (operator.lotId !== lotId) throw forbidden('Operators act only in their own lot', { lotId });
  return operator;
};

/** An administrator (an IAM caller of the admin API). */
export const requireAdmin = (principal: Principal | undefined): AdminPrincipal => requireKind(principal, 'admin');

/**
 * A resource of the caller's lot (a device's or an operator's). Another lot's is as unknown as
 * one that does not exist: NOT_FOUND, so a caller learns nothing about other lots.
 */
export const requireOwnLot = <T extends { lotId: string }>(resource: T, lotId: string, name: string): T => {
  if (resource.lotId !== lotId) throw new DomainError('NOT_FOUND', `No ${name}`, { lotId });
  return resource;
};
