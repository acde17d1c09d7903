import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan } from '@shared/money/fen.js';
import { canRevoke, couponStatusText, faceText } from '../../merchant/couponText.js';
import { dateLabel, lotClock, lotToday, shiftDate } from '../../merchant/localDates.js';
import { fetchGrants, revokeCoupon, type Coupon } from '../../merchant/merchantApi.js';
import { merchantRefusalText } from '../../merchant/merchantRefusalText.js';
import { MerchantEmpty, MerchantFailure, MerchantLoading } from '../../merchant/MerchantStates.js';
import { Tag } from '../../merchant/merchantUi.js';
import { useMerchantData } from '../../merchant/useMerchantData.js';
import { Button } from '../../ui/nutui.js';
import '../../merchant/merchant.css';

const statusTag: Record<Coupon['status'], 'primary' | 'success' | 'default' | 'warning'> = {
  waiting: 'warning',
  attached: 'primary',
  used: 'success',
  expired: 'default',
  revoked: 'default',
};

/** The merchant's grants of one day (today first), with revocation of those not used yet. */
const GrantsPage = () => {
  const today = lotToday(Date.now());
  const [date, setDate] = useState(today);
  const { loaded, reload } = useMerchantData(useCallback(() => fetchGrants(date), [date]));
  const [revoking, setRevoking] = useState<string | null>(null);

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
      await revokeCoupon(coupon.couponId);
      void Taro.showToast({ title: '已撤销', icon: 'success' });
      await reload();
    } catch (error) {
      void Taro.showModal({ title: '撤销失败', content: merchantRefusalText(error), showCancel: false });
    } finally {
      setRevoking(null);
    }
  };

  const coupons = loaded.state === 'loaded' ? loaded.data.coupons : [];
  const totalFen = coupons.reduce((sum, coupon) => sum + (coupon.status === 'revoked' ? 0 : coupon.priceFen), 0);

  return (
    <View className="page">
      <View className="merchant__stepper">
        <Button size="small" fill="none" onClick={() => setDate(shiftDate(date, -1))}>
          ‹ 前一天
        </Button>
        <Text className="merchant__stepper-label">{dateLabel(date, today)}</Text>
        <Button size="small" fill="none" disabled={date >= today} onClick={() => setDate(shiftDate(date, 1))}>
          后一天 ›
        </Button>
      </View>

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
                <Tag type={statusTag[coupon.status]} plain>
                  {couponStatusText[coupon.status]}
                </Tag>
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
