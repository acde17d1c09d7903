import { formatYuan } from '../money/index.js';

/*
 * The two short lines of a lane display (Chinese, ≤ 16 characters where the plate allows).
 * Every decision's wording lives here so the lanes speak one language.
 */

export type DisplayLines = [string, string];

const noPlate = '无牌车';

/** `2小时10分`, `45分钟`, `3天2小时`: floor to the minute, the largest two units. */
export const formatStay = (enteredAt: string, leftAt: string): string => {
  const minutes = Math.max(0, Math.floor((Date.parse(leftAt) - Date.parse(enteredAt)) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days}天${hours}小时`;
  if (hours > 0) return `${hours}小时${minutes % 60}分`;
  return `${minutes}分钟`;
};

const stayLine = (plate: string, enteredAt: string, leftAt: string): string => `${plate} 停车${formatStay(enteredAt, leftAt)}`;

export const laneDisplay = {
  welcome: (plate: string): DisplayLines => [plate, '欢迎光临'],
  entryRefused: (plate: string): DisplayLines => [plate, '禁止入场 请联系管理员'],
  noPlateEntry: (): DisplayLines => [noPlate, '请扫码入场'],
  noPlateWelcome: (): DisplayLines => [noPlate, '欢迎光临'],
  goodbye: (plate: string, enteredAt: string, leftAt: string): DisplayLines => [stayLine(plate, enteredAt, leftAt), '一路顺风'],
  farewell: (plate: string): DisplayLines => [plate, '一路顺风'],
  goodbyeFree: (plate: string): DisplayLines => [plate, '免费放行 一路顺风'],
  pay: (plate: string, enteredAt: string, leftAt: string, due: number): DisplayLines => [
    stayLine(plate, enteredAt, leftAt),
    `请扫码缴费 ${formatYuan(due)}`,
  ],
  leftOwing: (plate: string, due: number): DisplayLines => [plate, `欠费 ${formatYuan(due)}`],
  noPlateExit: (): DisplayLines => [noPlate, '请扫码缴费'],
  noPlateGoodbye: (): DisplayLines => [noPlate, '一路顺风'],
  unknownPlate: (plate: string): DisplayLines => [plate, '无入场记录 请稍候'],
  /** A payment code charged at the lane. */
  paidGoodbye: (plate: string): DisplayLines => [plate, '支付成功 一路顺风'],
  paymentPending: (plate: string, due: number): DisplayLines => [`${plate} ${formatYuan(due)}`, '请在手机上确认付款'],
  paymentFailed: (plate: string, due: number): DisplayLines => [`${plate} ${formatYuan(due)}`, '支付未成功 请重新付款'],
  paidNotAtLane: (plate: string): DisplayLines => [plate, '已支付 请稍候'],
  ambiguousPlate: (plate: string): DisplayLines => [plate, '请扫码缴费或稍候'],
};
