import { ApiError } from './apiRequest.js';

const reasonOf = (details: unknown): string | undefined =>
  typeof details === 'object' && details !== null && 'reason' in details && typeof details.reason === 'string' ? details.reason : undefined;

// The API explains refusals in English for developers; drivers read these.
const byReason: Record<string, string> = {
  noOpenSession: '场内没有找到这辆车，请核对车牌',
  sessionClosed: '这辆车已经离场，无需缴费',
  amountChanged: '费用已更新，请重新查询后支付',
  quoteExpired: '报价已过期，请重新查询后支付',
  nothingDue: '当前无需缴费，可直接离场',
  concurrentAttempt: '另一笔支付正在进行，请稍后重试',
};

const byCode: Record<string, string> = {
  VALIDATION_FAILED: '输入有误，请检查后重试',
  UNAUTHORIZED: '登录已失效，请重新打开小程序',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '没有找到相关记录',
  CONFLICT: '状态已变化，请刷新后重试',
  RATE_LIMITED: '查询过于频繁，请稍后再试',
  UNAVAILABLE: '服务繁忙，请稍后重试',
};

/** What to tell the driver about a failed call. */
export const refusalText = (error: unknown): string => {
  if (!(error instanceof ApiError)) return '出现未知错误，请稍后重试';
  const reason = reasonOf(error.details);
  if (reason !== undefined && byReason[reason]) return byReason[reason];
  if (error.code === 'NETWORK_FAILED' || error.code === 'BAD_RESPONSE') return error.message;
  return byCode[error.code] ?? '服务异常，请稍后重试';
};
