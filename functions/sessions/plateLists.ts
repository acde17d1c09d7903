/**
 * A lot's plate lists, one readable item per listed plate:
 *   AllowListedPlate  pk=LOT#<lotId>  sk=ALLOWLIST#<plate>   leaves free (mall staff, permitted vehicles)
 *   DenyListedPlate   pk=LOT#<lotId>  sk=DENYLIST#<plate>    refused at the entry while online
 * Attributes: `plate`, `category`, `note`, `validFrom`, `validUntil` (shared/sessions `plateListEntrySchema`).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { parseOrThrow } from '../../shared/errors/index.js';
import { plateListEntrySchema, type PlateListEntry } from '../../shared/sessions/index.js';
import { documentClient, tableName } from '../store/client.js';
import { queryAll } from '../store/queryAll.js';

export type PlateListName = 'allow' | 'deny';

const prefixOf: Record<PlateListName, string> = { allow: 'ALLOWLIST#', deny: 'DENYLIST#' };

export const plateListKey = (lotId: string, list: PlateListName, plate: string) => ({ pk: `LOT#${lotId}`, sk: `${prefixOf[list]}${plate}` });

const entryOf = (item: Record<string, unknown>): PlateListEntry =>
  parseOrThrow(
    plateListEntrySchema,
    { plate: item.plate, category: item.category, note: item.note, validFrom: item.validFrom, validUntil: item.validUntil },
    `plate list item ${String(item.sk)}`,
  );

/** The list's entry for one plate, as a list of zero or one (what the core's list functions take). */
export const plateListEntriesFor = async (lotId: string, list: PlateListName, plate: string): Promise<PlateListEntry[]> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: plateListKey(lotId, list, plate) }));
  return Item ? [entryOf(Item)] : [];
};

/** The whole list (the device config snapshot). */
export const plateList = async (lotId: string, list: PlateListName): Promise<PlateListEntry[]> => {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': `LOT#${lotId}`, ':prefix': prefixOf[list] },
  });
  return items.map(entryOf);
};
