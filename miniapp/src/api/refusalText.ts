import { ApiError, type ApiErrorCode } from './apiError.js';

/*
 * What a driver reads when the API says no. The API words refusals in English for developers
 * and puts a stable reason in `details.reason` (drivers, payments, shared/coupons couponRefused,
 * shared/merchants claimCode and ledgerRefused, shared/club); each reason a driver can meet gets
 * a sentence here, with the numbers the refusal carries. Anything else falls back to its code.
 */

type Details = Record<string, unknown>;

const detailsOf = (error: ApiError): Details =>
  typeof error.details === 'object' && error.details !== null ? (error.details as Details) : {};

const count = (details: Details, key: string): string => (typeof details[key] === 'number' ? String(details[key]) : '');

const byReason: Record<string, string | ((details: Details) => string)> = {
  // Quotes and payments
  noOpenSession: '场内没有找到这辆车，请核对车牌',
  sessionClosed: '这辆车已经离场，无需缴费',
  amountChanged: '费用已更新，请重新查询后支付',
  quoteExpired: '报价已过期，请重新查询后支付',
  nothingDue: '当前无需缴费，可直接离场',
  feeDue: '停车费有变化，需要先缴费再离场',
  concurrentAttempt: '另一笔支付正在进行，请稍后重试',
  alreadyPaid: '这笔订单已经支付，无需重复支付',
  orderClosed: '订单已关闭，请重新支付',
  payerFundsTooLow: '余额不足，支付未成功',
  // The exit lane
  laneEmpty: '出口车道上还没有车辆，请把车开到出口道闸前再扫码',
  plateNotRecognised: '出口没有识别到您的车牌，请返回首页输入车牌缴费',
  // The driver's account
  noAccount: '登录已失效，请重新打开小程序',
  tooManyPlates: (details) => `最多绑定${count(details, 'maxPlates')}个车牌，请先删除一个`,
  alreadyInvoiced: '部分订单已经开过发票',
  duplicateRequest: '这张发票申请已经提交过了',
  // Claim codes
  CLAIM_CODE_UNKNOWN: '无效的领券码，请确认扫描的是商户的领券二维码',
  CLAIM_CODE_REVOKED: '商户已停用这个领券码',
  CLAIM_CODE_EXPIRED: '领券码已过期，请让商户重新出示',
  CLAIM_QUOTA_EXHAUSTED: '来晚了，这批停车券已经领完',
  CLAIM_PER_DRIVER_LIMIT: (details) => `每人限领${count(details, 'perDriverLimit')}张，您已领过了`,
  PLATE_NOT_BOUND: '请先在首页绑定这个车牌，再领取停车券',
  // Coupons (what a grant may be refused for)
  TEMPLATE_RETIRED: '这种停车券已停止发放',
  TEMPLATE_EXPIRED: '这种停车券已过期',
  MEMBERS_ONLY: '这种停车券仅限会员领取',
  SESSION_COUPON_LIMIT: '本次停车可用的停车券已达上限',
  SESSION_MINUTES_LIMIT: '本次停车的优惠时长已达上限',
  SESSION_AMOUNT_LIMIT: '本次停车的优惠金额已达上限',
  SESSION_ALREADY_FREE: '本次停车已经免费，无需再用券',
  FULL_COUPONS_NOT_ALLOWED: '本车场不接受全免停车券',
  DAILY_PLATE_LIMIT: '这个车牌今天在该商户领券已达上限',
  RECEIPT_REQUIRED: '这种停车券需要商户核对小票后发放',
  RECEIPT_BELOW_THRESHOLD: '消费金额未达到领券门槛',
  // The merchant behind a claim
  INSUFFICIENT_FUNDS: '商户的停车券额度不足，请联系商户',
  MERCHANT_SUSPENDED: '该商户暂停发放停车券',
  NOT_THIS_MERCHANT: '这张停车券不属于该商户',
  STAFF_DISABLED: '发券的店员账号已停用，请联系商户',
  ACCOUNT_BUSY: '商户账户繁忙，请稍后重试',
  // The club
  phoneNotVerified: '加入会员需要先验证手机号',
  plateHeldByAnotherDriver: '这个车牌已被其他账户加入会员',
  membershipSuspended: '这个车牌的会员资格已暂停，请联系车场服务台',
  plateLimitReached: (details) => `每个账户最多${count(details, 'maxPlatesPerDriver')}个会员车牌`,
  invalidTransition: '会员状态已变化，请刷新后重试',
  insufficientPoints: '积分不足',
};

const byCode: Record<ApiErrorCode, string> = {
  VALIDATION_FAILED: '输入有误，请检查后重试',
  UNAUTHORIZED: '登录已失效，请重新打开小程序',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '没有找到相关记录',
  CONFLICT: '状态已变化，请刷新后重试',
  PRECONDITION_FAILED: '条件不满足，请刷新后重试',
  RATE_LIMITED: '查询过于频繁，请稍后再试',
  PAYLOAD_TOO_LARGE: '提交的内容过多，请减少后重试',
  UNAVAILABLE: '服务繁忙，请稍后重试',
  INTERNAL: '服务异常，请稍后重试',
  NETWORK_FAILED: '网络连接失败，请检查网络后重试',
  BAD_RESPONSE: '服务暂时不可用，请稍后重试',
};

/** A lane code scanned at the wrong lane: the API names the lane's real direction. */
const wrongLane = (details: Details): string | undefined =>
  details.direction === 'entry' ? '这是入口车道的二维码，出场缴费请扫描出口的二维码' : details.direction === 'exit' ? '这是出口车道的二维码，无牌车入场请扫描入口的二维码' : undefined;

/** What to tell the driver about a failed call. */
export const refusalText = (error: unknown): string => {
  if (!(error instanceof ApiError)) return '出现未知错误，请稍后重试';
  const details = detailsOf(error);
  const text = typeof details.reason === 'string' ? byReason[details.reason] : undefined;
  if (text !== undefined) return typeof text === 'string' ? text : text(details);
  if (error.code === 'VALIDATION_FAILED') return wrongLane(details) ?? byCode.VALIDATION_FAILED;
  if (error.code === 'NOT_FOUND' && typeof details.laneId === 'string') return '没有找到这个车道，请确认扫描的是本车场的二维码';
  // The client's own messages (network, HTTP status) are already for people.
  if (error.code === 'NETWORK_FAILED' || error.code === 'BAD_RESPONSE') return error.message;
  return byCode[error.code];
};
