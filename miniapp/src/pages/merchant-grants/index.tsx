import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan } from '@shared/money/fen.js';
import { canRevoke, couponStatusText, faceText } from '../../merchant/couponText.js';
import { dateLabel, lotClock, lotToday, shiftDate } from '../../merchant/localDates.js';
import { fetchGrants, revokeCoupon, type Coupon } from '../../merchant/merchantApi.js';
import { merchantRefusalText } from '../../merchant/merchantRefusalText.js';
import { MerchantEmpty, MerchantFailure, MerchantLoading } from '../../merchant/MerchantStates.js';
import { MerchantStepper } from '../../merchant/MerchantStepper.js';
import { useMerchantData } from '../../merchant/useMerchantData.js';
import { Button } from '../../ui/nutui.js';
import '../../merchant/merchant.css';

const statusBadge: Record<Coupon['status'], string> = {
  waiting: 'merchant__badge--warning',
  attached: 'merchant__badge--primary',
  used: 'merchant__badge--success',
  expired: '',
  revoked: '',
};

/** The merchant's grants of one day (today first), with revocation of those not used yet. */
const GrantsPage = () => {
  const today = lotToday(Date.now());
  const [date, setDate] = useState(today);
  const { loaded, reload } = useMerchantData(useCallback(() => fetchGrants(date), [date]));
  const [revoking, setRevoking] = useState<string | null>(null);
  // The day's list holds each coupon as granted; what staff revoked here is shown as the API answered it.
  const [revoked, setRevoked] = useState<Record<string, Coupon>>({});

  const revoke = async (coupon: Coupon) => {
    const { confirm } = await Taro.showModal({
      title: '撤销这张停车券？',
      content: `${coupon.plate} · ${faceText(coupon.face)}\n撤销后顾客不能再使用，冻结的 ${formatYuan(coupon.priceFen)} 退回账户`,
      confirmText: '撤销',
      confirmColor: '#e34d59',
    });
    if (!confirm) return;
    setRevoking(coupon.couponId);
    try {
      const answer = await revokeCoupon(coupon.couponId);
      setRevoked((known) => ({ ...known, [coupon.couponId]: answer.coupon }));
      void Taro.showToast({ title: '已撤销', icon: 'success' });
    } catch (error) {
      void Taro.showModal({ title: '撤销失败', content: merchantRefusalText(error), showCancel: false });
    } finally {
      setRevoking(null);
    }
  };

  const coupons = loaded.state === 'loaded' ? loaded.data.coupons.map((coupon) => revoked[coupon.couponId] ?? coupon) : [];
  const totalFen = coupons.reduce((sum, coupon) => sum + (coupon.status === 'revoked' ? 0 : coupon.priceFen), 0);

  return (
    <View className="page">
      <MerchantStepper
        label={dateLabel(date, today)}
        earlier="前一天"
        later="后一天"
        onEarlier={() => setDate(shiftDate(date, -1))}
        onLater={() => setDate(shiftDate(date, 1))}
        atLatest={date >= today}
      />

      {loaded.state === 'loading' && <MerchantLoading text="正在读取发券记录…" />}
      {loaded.state === 'failed' && <MerchantFailure title="读取失败" message={loaded.message} onRetry={() => void reload()} />}
      {loaded.state === 'loaded' && coupons.length === 0 && <MerchantEmpty title="这一天没有发券" />}
      {loaded.state === 'loaded' && coupons.length > 0 && (
        <View>
          <Text className="merchant__section-title">{`共 ${coupons.length} 张 · 成本 ${formatYuan(totalFen)}（不含已撤销）`}</Text>
          {coupons.map((coupon) => (
            <View key={coupon.couponId} className="merchant__card">
              <View className="merchant__row">
                <Text className="merchant__plate">{coupon.plate}</Text>
                <Text className={`merchant__badge ${statusBadge[coupon.status]}`}>{couponStatusText[coupon.status]}</Text>
              </View>
              <View className="merchant__row">
                <Text>{faceText(coupon.face)}</Text>
                <Text className="merchant__muted">{`${lotClock(coupon.grantedAt)} · ${coupon.grantedBy.kind === 'claim' ? '扫码领取' : '店员发放'} · ${formatYuan(coupon.priceFen)}`}</Text>
              </View>
              {canRevoke(coupon) && (
                <View className="merchant__row">
                  <Text className="merchant__muted">未使用，可撤销</Text>
                  <Button size="small" fill="outline" type="danger" loading={revoking === coupon.couponId} disabled={revoking !== null} onClick={() => void revoke(coupon)}>
                    撤销
                  </Button>
                </View>
              )}
            </View>
          ))}
        </View>
      )}
    </View>
  );
};

export default GrantsPage;
