import { z } from 'zod';

/*
 * Who calls Parkade (DESIGN.md "Roles and access"), as plain data. Drivers, merchant staff and
 * operators carry a signed access token (accessToken.ts); administrators are AWS IAM callers;
 * lane devices sign each request (shared/devices).
 */

/** Ids that end up in storage keys and MQTT topics: no separators or wildcards, bounded. */
export const principalIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, { message: 'must be 1–128 letters, digits, "-" or "_"' });

export const driverPrincipalSchema = z.object({
  kind: z.literal('driver'),
  /** Parkade's own id for the driver, assigned at first WeChat login. */
  driverId: principalIdSchema,
  /** The driver's WeChat openid for this mini-program: WeChat Pay JSAPI orders name the payer by it. */
  openId: principalIdSchema,
});

export const staffRoles = ['owner', 'clerk'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const merchantStaffPrincipalSchema = z.object({
  kind: z.literal('merchant'),
  merchantId: principalIdSchema,
  staffId: principalIdSchema,
  role: z.enum(staffRoles),
});

export const operatorPrincipalSchema = z.object({
  kind: z.literal('operator'),
  operatorId: principalIdSchema,
  /** An operator works for one lot. */
  lotId: principalIdSchema,
});

export const adminPrincipalSchema = z.object({
  kind: z.literal('admin'),
  /** The IAM caller, as API Gateway's IAM authoriser names it. */
  arn: z.string().min(1),
  accountId: z.string().min(1),
});

export const devicePrincipalSchema = z.object({
  kind: z.literal('device'),
  deviceId: principalIdSchema,
  lotId: principalIdSchema,
  laneId: principalIdSchema,
});

export const principalSchema = z.discriminatedUnion('kind', [
  driverPrincipalSchema,
  merchantStaffPrincipalSchema,
  operatorPrincipalSchema,
  adminPrincipalSchema,
  devicePrincipalSchema,
]);

export type DriverPrincipal = z.infer<typeof driverPrincipalSchema>;
export type MerchantStaffPrincipal = z.infer<typeof merchantStaffPrincipalSchema>;
export type OperatorPrincipal = z.infer<typeof operatorPrincipalSchema>;
export type AdminPrincipal = z.infer<typeof adminPrincipalSchema>;
export type DevicePrincipal = z.infer<typeof devicePrincipalSchema>;
export type Principal = z.infer<typeof principalSchema>;
export type PrincipalKind = Principal['kind'];

/** The principals that hold access tokens; the others authenticate otherwise (IAM, device signatures). */
export const tokenKinds = ['driver', 'merchant', 'operator'] as const;
export type TokenKind = (typeof tokenKinds)[number];
export type TokenPrincipal = Extract<Principal, { kind: TokenKind }>;
export type PrincipalOfKind<K extends PrincipalKind> = Extract<Principal, { kind: K }>;

/** The schema of each token kind's principal, for verifying a token's subject. */
export const tokenPrincipalSchemas = {
  driver: driverPrincipalSchema,
  merchant: merchantStaffPrincipalSchema,
  operator: operatorPrincipalSchema,
} as const satisfies Record<TokenKind, z.ZodType>;
