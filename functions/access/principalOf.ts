/**
 * Who is calling, for a route that states who may: `await principalOf(event, 'operator')`.
 * Token routes read `Authorization: Bearer <token>` and verify it with the token key; `iam`
 * routes read the caller API Gateway's IAM authoriser put in `requestContext.authorizer.iam`
 * (the local server puts a local administrator there). Throws UNAUTHORIZED or FORBIDDEN with the
 * reason in `details.reason`; the route then checks the principal against the resource with the
 * guards of shared/access (requireOperator(principal, lotId), …).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  accessTokenRefused,
  adminPrincipalSchema,
  verifyAccessToken,
  type AdminPrincipal,
  type DriverPrincipal,
  type MerchantStaffPrincipal,
  type OperatorPrincipal,
} from '../../shared/access/index.js';
import { DomainError } from '../../shared/errors/index.js';
import { tokenKey } from './loadTokenKey.js';

/** The caller each route auth of functions/routes.ts yields. */
interface CallerOfAuth {
  driver: DriverPrincipal;
  merchant: MerchantStaffPrincipal;
  operator: OperatorPrincipal;
  iam: AdminPrincipal;
}

export type CallerAuth = keyof CallerOfAuth;

const bearerPattern = /^Bearer[ ]+([^ ]+)[ ]*$/i;

const bearerToken = (event: APIGatewayProxyEventV2): string => {
  const header = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  if (header === undefined || header === '') throw accessTokenRefused('missingToken');
  const token = bearerPattern.exec(header)?.[1];
  if (token === undefined) throw accessTokenRefused('malformed');
  return token;
};

const iamCaller = (event: APIGatewayProxyEventV2): AdminPrincipal => {
  const iam = (event.requestContext as { authorizer?: { iam?: { userArn?: string; accountId?: string } } }).authorizer?.iam;
  const caller = adminPrincipalSchema.safeParse({ kind: 'admin', arn: iam?.userArn, accountId: iam?.accountId });
  if (!caller.success) throw new DomainError('UNAUTHORIZED', 'This route needs AWS IAM (SigV4) credentials', { reason: 'missingIamCaller' });
  return caller.data;
};

export const principalOf = async <A extends CallerAuth>(
  event: APIGatewayProxyEventV2,
  auth: A,
  now: Date = new Date(),
): Promise<CallerOfAuth[A]> => {
  if (auth === 'iam') return iamCaller(event) as CallerOfAuth[A];
  const token = bearerToken(event);
  const verified = verifyAccessToken(await tokenKey(), token, { now, kinds: [auth as Exclude<A, 'iam'>] });
  if (!verified.ok) throw accessTokenRefused(verified.reason);
  return verified.principal as unknown as CallerOfAuth[A];
};
