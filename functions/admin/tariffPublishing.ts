/**
 * A lot's tariff versions as administrators publish them (`pk=LOT#<lotId> sk=TARIFF#<effectiveFrom
 * UTC>`, read by functions/sessions/lotTariffs.ts): validate a draft, preview it against the
 * tariff in effect, publish it with an effective time (one version per instant, never in the
 * past: shared/lots tariffPublication), and the history.
 */
import type { AdminPrincipal } from '../../shared/access/index.js';
import { DomainError, isDomainError, parseOrThrow, type FieldProblem } from '../../shared/errors/index.js';
import { TariffSchema, type Tariff } from '../../shared/fees/index.js';
import {
  adminAuditEntry,
  previewTariff,
  publishableTariff,
  sampleStays,
  tariffHistory,
  tariffProblems,
  tariffVersionToPublish,
  type SampleStay,
  type StayPreview,
  type VersionStatus,
} from '../../shared/lots/index.js';
import { tariffVersionAt, type TariffVersion } from '../sessions/lotTariffs.js';
import type { TransactionItem } from '../sessions/transactWrite.js';
import { tableName } from '../store/client.js';
import { answeredMeanwhile, answerPut, previousAnswer, type IdempotentRequest } from '../store/idempotentAnswers.js';
import { queryAll } from '../store/queryAll.js';
import { adminAct, writeAudited } from './auditedWrite.js';
import { findLot } from './lots.js';

export interface PublishedTariff extends TariffVersion {
  /** Who published it (an IAM ARN); absent for versions seeded outside the admin API. */
  publishedBy?: string;
  publishedAt?: string;
}

export const validateTariff = async (lotId: string, draft: unknown): Promise<{ valid: boolean; problems: FieldProblem[] }> => {
  const problems = tariffProblems(draft, await findLot(lotId));
  return { valid: problems.length === 0, problems };
};

/** The tariff in effect at `at`, or null when the lot has none yet. */
const tariffInEffect = async (lotId: string, at: Date): Promise<TariffVersion | null> => {
  try {
    return await tariffVersionAt(lotId, at.toISOString());
  } catch (error) {
    if (isDomainError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
};

export interface TariffPreview {
  /** The version the proposal is compared with. */
  current: { effectiveFrom: string } | null;
  stays: StayPreview[];
}

export const previewDraftTariff = async (
  lotId: string,
  request: { tariff: unknown; stays?: SampleStay[] | undefined },
  now: Date = new Date(),
): Promise<TariffPreview> => {
  const proposed = publishableTariff(request.tariff, await findLot(lotId));
  const current = await tariffInEffect(lotId, now);
  return {
    current: current === null ? null : { effectiveFrom: current.effectiveFrom },
    stays: previewTariff(proposed, current?.tariff ?? null, request.stays ?? sampleStays(now)),
  };
};

/** With an Idempotency-Key, a retry answers the version the first request published instead of publishing another "now". */
export const publishTariff = async (
  admin: AdminPrincipal,
  lotId: string,
  request: { tariff: unknown; effectiveFrom?: string | undefined; reason: string },
  idempotency?: IdempotentRequest,
  now: Date = new Date(),
): Promise<{ published: PublishedTariff; replayed: boolean }> => {
  const previous = idempotency === undefined ? undefined : await previousAnswer<PublishedTariff>(idempotency);
  if (previous !== undefined) return { published: previous, replayed: true };
  const tariff: Tariff = publishableTariff(request.tariff, await findLot(lotId));
  const version = tariffVersionToPublish(tariff, request.effectiveFrom, now);
  const act = adminAct(admin, lotId, request.reason, now);
  const published: PublishedTariff = { ...version, publishedBy: admin.arn, publishedAt: act.at };
  const put: TransactionItem = {
    Put: {
      TableName: tableName(),
      Item: { pk: `LOT#${lotId}`, sk: `TARIFF#${version.effectiveFrom}`, entity: 'Tariff', lotId, ...published, createdAt: act.at },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  const effect = idempotency === undefined ? [put] : [put, answerPut(idempotency, published, act.at)];
  await writeAudited(adminAuditEntry(act, 'publishTariff', { details: { effectiveFrom: version.effectiveFrom } }), effect, (failed) =>
    failed === 1 && idempotency !== undefined
      ? answeredMeanwhile(idempotency)
      : new DomainError('CONFLICT', `Lot ${lotId} has a tariff version effective at ${version.effectiveFrom} already`, {
          lotId,
          effectiveFrom: version.effectiveFrom,
        }),
  );
  return { published, replayed: false };
};

export const tariffVersionHistory = async (lotId: string, now: Date = new Date()): Promise<(PublishedTariff & { status: VersionStatus })[]> => {
  await findLot(lotId);
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :tariff)',
    ExpressionAttributeValues: { ':pk': `LOT#${lotId}`, ':tariff': 'TARIFF#' },
    ConsistentRead: true,
  });
  const versions = items.map((item): PublishedTariff => ({
    effectiveFrom: String(item.effectiveFrom),
    tariff: parseOrThrow(TariffSchema, item.tariff, `tariff ${String(item.sk)}`),
    ...(typeof item.publishedBy === 'string' ? { publishedBy: item.publishedBy } : {}),
    ...(typeof item.publishedAt === 'string' ? { publishedAt: item.publishedAt } : {}),
  }));
  return tariffHistory(versions, now);
};
