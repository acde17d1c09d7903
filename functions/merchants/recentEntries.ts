/**
 * "Pick a recent car" on the grant screen: the cars of the merchant's lot still parked that came
 * in during the last hours, newest first, with their plate and entry time only (what a clerk
 * needs to recognise a customer's car; nothing about payments or other merchants' coupons).
 */
import { openSessionsEnteredSince } from '../sessions/sessions.js';
import { loadMerchant } from './merchantRecords.js';

export const recentEntryHours = 4;
const maxRecentEntries = 50;

export interface RecentEntry {
  plate: string;
  enteredAt: string;
}

export const recentEntries = async (merchantId: string, now = new Date()): Promise<RecentEntry[]> => {
  const { lotId } = await loadMerchant(merchantId);
  const sessions = await openSessionsEnteredSince(lotId, new Date(now.getTime() - recentEntryHours * 3_600_000));
  return sessions
    .sort((a, b) => Date.parse(b.enteredAt) - Date.parse(a.enteredAt))
    .slice(0, maxRecentEntries)
    .map(({ plate, enteredAt }) => ({ plate, enteredAt }));
};
