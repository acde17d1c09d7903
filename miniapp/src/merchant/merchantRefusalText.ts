// Relative rather than @shared/: vitest's unit project has no alias for it.
import { formatYuan } from '../../../shared/money/fen.js';
import { ApiError } from '../api/apiError.js';

/*
 * What merchant staff read when the API says no. The API words refusals in English for
 * developers and puts a stable reason in `details.reason` (shared/coupons couponRefused,
 * shared/merchants ledgerRefused and claimCode); each reason gets a sentence here, with the
 * numbers the refusal carries (the available amount, the policy's maximum, …).
 */

type Details = Record<string, unknown>;

const detailsOf = (error: ApiError): Details =>
  typeof error.details === 'object' && error.details !== null ? (error.details as Details) : {};

const fen = (details: Details, key: string): string | null => {
  const value = details[key];
  return typeof value === 'number' && Number.isSafeInteger(value) ? formatYuan(value) : null;
};

const count = (details: Details, key: string): number | null => {
  const value = details[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

const withNumber = (text: string, value: string | number | null, wording: (value: string | number) => string): string =>
  value === null ? text : `${text}（${wording(value)}）`;

const byReason: Record<string, (details: Details) => string> = {
  badCredentials: () => '账号或密码错误',
  INSUFFICIENT_FUNDS: (details) =>
    withNumber('余额与授信额度不足，请先充值', fen(details, 'availableFen'), (available) => `可用 ${available}，本券需 ${fen(details, 'priceFen') ?? '—'}`),
  MERCHANT_SUSPENDED: () => '商户已被暂停，暂不能发券，请联系停车场管理处',
  STAFF_DISABLED: () => '该员工账号已停用，请联系店长',
  NOT_THIS_MERCHANT: () => '没有权限操作这张券（店员只能撤销自己发放的券）',
  TEMPLATE_RETIRED: () => '该停车券已停用，请选择其他券',
  TEMPLATE_EXPIRED: () => '该停车券已过发放期限，请选择其他券',
  RECEIPT_REQUIRED: (details) => withNumber('请填写小票金额', fen(details, 'thresholdFen'), (threshold) => `满 ${threshold} 可发`),
  RECEIPT_BELOW_THRESHOLD: (details) =>
    withNumber('小票金额未达到发券门槛', fen(details, 'thresholdFen'), (threshold) => `需满 ${threshold}`),
  MEMBERS_ONLY: () => '该券仅限停车场会员车辆',
  SESSION_COUPON_LIMIT: (details) => withNumber('这次停车的停车券已达上限', count(details, 'max'), (max) => `每次最多 ${max} 张`),
  SESSION_MINUTES_LIMIT: (details) =>
    withNumber('这次停车的免费时长已达上限', count(details, 'max'), (max) => `每次最多 ${max} 分钟`),
  SESSION_AMOUNT_LIMIT: (details) => withNumber('这次停车的抵扣金额已达上限', fen(details, 'maxFen'), (max) => `每次最多 ${max}`),
  SESSION_ALREADY_FREE: () => '这次停车已经免费，无需再发券',
  FULL_COUPONS_NOT_ALLOWED: () => '本停车场不接受全免券',
  DAILY_PLATE_LIMIT: (details) => withNumber('今天给这辆车发的券已达上限', count(details, 'max'), (max) => `每天最多 ${max} 张`),
  COUPON_NOT_OPEN: () => '这张券已使用、过期或已撤销，不能撤销',
  CLAIM_CODE_REVOKED: () => '领券码已作废',
  CLAIM_CODE_EXPIRED: () => '领券码已过期',
  CLAIM_QUOTA_EXHAUSTED: () => '领券码的券已领完',
  CLAIM_PER_DRIVER_LIMIT: () => '已达到每位车主的领取上限',
  ACCOUNT_BUSY: () => '账户正忙，请稍后重试',
};

const retryAfterText = (details: Details): string => {
  const seconds = count(details, 'retryAfterSeconds');
  if (seconds === null || seconds <= 0) return '请稍后再试';
  return seconds < 60 ? `请 ${Math.ceil(seconds)} 秒后再试` : `请 ${Math.ceil(seconds / 60)} 分钟后再试`;
};

// A plate checked by the core names no field ("Invalid plate: (root): …"), so its message is read too.
const validationText = (details: Details, message: string): string => {
  const issues = Array.isArray(details.issues) ? (details.issues as unknown[]) : [];
  const paths = issues.map((issue) => (typeof issue === 'object' && issue !== null && 'path' in issue ? String(issue.path) : ''));
  if (paths.some((path) => path.includes('plate')) || /^Invalid plate/.test(message)) return '车牌格式不正确，请核对后重试';
  if (paths.some((path) => path.includes('receipt'))) return '小票金额不正确';
  if (paths.some((path) => path.includes('expiresAt'))) return '有效期不正确';
  if (paths.some((path) => path.includes('quota') || path.includes('perDriverLimit'))) return '数量不正确，请检查名额和每人限领';
  return '输入有误，请检查后重试';
};

/** What `action` is, for the rate-limit message: signing in is limited per login. */
export type MerchantAction = 'login' | 'other';

/** The sentence for a failed merchant call. */
export const merchantRefusalText = (error: unknown, action: MerchantAction = 'other'): string => {
  if (!(error instanceof ApiError)) return '出现未知错误，请稍后重试';
  const details = detailsOf(error);
  const reason = typeof details.reason === 'string' ? byReason[details.reason] : undefined;
  if (reason) return reason(details);
  switch (error.code) {
    case 'NETWORK_FAILED':
    case 'BAD_RESPONSE':
      return error.message;
    case 'UNAUTHORIZED':
      return action === 'login' ? '账号或密码错误' : '登录已失效，请重新登录';
    case 'RATE_LIMITED':
      return `${action === 'login' ? '登录尝试过于频繁' : '操作过于频繁'}，${retryAfterText(details)}`;
    case 'FORBIDDEN':
      return '没有权限进行此操作（部分功能仅限店长）';
    case 'VALIDATION_FAILED':
      return validationText(details, error.message);
    case 'NOT_FOUND':
      return '没有找到相关记录';
    case 'CONFLICT':
      return '状态已变化，请刷新后重试';
    case 'UNAVAILABLE':
      return '服务繁忙，请稍后重试';
    default:
      return '服务异常，请稍后重试';
  }
};
