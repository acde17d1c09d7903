import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { fetchDriverCoupons, type DriverCoupon } from '../../api/driverCoupons.js';
import { couponFaceText, couponGroupOf, couponStatusText, type CouponGroup } from '../../coupons/couponFaceText.js';
import { Card } from '../../ui/Card.js';
import { LoadingNotice, StateNotice } from '../../ui/StateNotice.js';
import { useLoad } from '../../ui/useLoad.js';
import './index.css';

const groups: { group: CouponGroup; title: string }[] = [
  { group: 'now', title: '本次停车可用' },
  { group: 'next', title: '下次入场可用' },
  { group: 'ended', title: '已使用 / 已失效' },
];

const CouponTicket = ({ coupon }: { coupon: DriverCoupon }) => (
  <View className={`ticket ticket--${couponGroupOf(coupon)}`}>
    <View className="ticket__face">
      <Text className="ticket__value">{couponFaceText(coupon.face)}</Text>
    </View>
    <View className="ticket__body">
      <Text className="ticket__merchant">{coupon.merchantName}</Text>
      <Text className="ticket__status">{couponStatusText(coupon)}</Text>
    </View>
  </View>
);

/** The driver's coupons on their plates: which count at this exit, which wait, which are over. */
const CouponsPage = () => {
  const [coupons, reload] = useLoad(fetchDriverCoupons);
  useDidShow(() => void reload());
  const scanHint = '在商户处扫描领券二维码即可领取';

  return (
    <View className="page coupons">
      <Text className="page__title">我的停车券</Text>
      <Text className="page__subtitle">停车券发放到车牌上，离场时自动抵扣，无需出示</Text>
      {coupons.state === 'loading' ? (
        <LoadingNotice text="正在加载停车券…" />
      ) : coupons.state === 'failed' ? (
        <StateNotice kind="error" title="停车券加载失败" description={coupons.message} action={{ text: '重试', onClick: () => void reload() }} />
      ) : coupons.value.coupons.length === 0 ? (
        <StateNotice kind="empty" title="还没有停车券" description={scanHint} action={{ text: '返回首页', onClick: () => void Taro.reLaunch({ url: '/pages/index/index' }) }} />
      ) : (
        groups.map(({ group, title }) => {
          const inGroup = coupons.value.coupons.filter((coupon) => couponGroupOf(coupon) === group);
          return inGroup.length === 0 ? null : (
            <Card key={group} title={`${title}（${inGroup.length}）`}>
              {inGroup.map((coupon) => (
                <CouponTicket key={coupon.couponId} coupon={coupon} />
              ))}
            </Card>
          );
        })
      )}
    </View>
  );
};

export default CouponsPage;
