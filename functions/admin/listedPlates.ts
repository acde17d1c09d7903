/**
 * Administrators keep a lot's allow-list and deny-list (items of functions/sessions/plateLists.ts):
 * put a plate on a list (replacing its entry there), take it off, read the list. Devices get the
 * lists with their next config snapshot.
 */
import type { AdminPrincipal } from '../../shared/access/index.js';
import { DomainError } from '../../shared/errors/index.js';
import { adminAuditEntry, type AdminAction } from '../../shared/lots/index.js';
import type { PlateListEntry } from '../../shared/sessions/index.js';
import { plateListKey, type PlateListName } from '../sessions/plateLists.js';
import type { TransactionItem } from '../sessions/transactWrite.js';
import { tableName } from '../store/client.js';
import { adminAct, writeAudited } from './auditedWrite.js';
import { lotExists, lotNotFound } from './lots.js';

export { plateList as listedPlates } from '../sessions/plateLists.js';

const entities: Record<PlateListName, string> = { allow: 'AllowListedPlate', deny: 'DenyListedPlate' };
const putActions: Record<PlateListName, AdminAction> = { allow: 'putAllowListEntry', deny: 'putDenyListEntry' };
const removeActions: Record<PlateListName, AdminAction> = { allow: 'removeAllowListEntry', deny: 'removeDenyListEntry' };

export const listPlate = async (
  admin: AdminPrincipal,
  lotId: string,
  list: PlateListName,
  { reason, ...entry }: PlateListEntry & { reason: string },
): Promise<PlateListEntry> => {
  const act = adminAct(admin, lotId, reason);
  const put: TransactionItem = {
    Put: {
      TableName: tableName(),
      Item: { ...plateListKey(lotId, list, entry.plate), entity: entities[list], lotId, ...entry, createdAt: act.at, listedBy: admin.arn },
    },
  };
  await writeAudited(adminAuditEntry(act, putActions[list], { details: { ...entry } }), [lotExists(lotId), put], () => lotNotFound(lotId));
  return entry;
};

export const unlistPlate = async (admin: AdminPrincipal, lotId: string, list: PlateListName, plate: string, reason: string): Promise<void> => {
  const act = adminAct(admin, lotId, reason);
  const remove: TransactionItem = {
    Delete: { TableName: tableName(), Key: plateListKey(lotId, list, plate), ConditionExpression: 'attribute_exists(pk)' },
  };
  await writeAudited(adminAuditEntry(act, removeActions[list], { details: { plate } }), [remove], () =>
    new DomainError('NOT_FOUND', `Plate ${plate} is not on lot ${lotId}'s ${list}-list`, { lotId, plate, list }),
  );
};
