import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { fetchDriverCoupons, type DriverCoupon } from '../../api/driverCoupons.js';
import { couponFaceText, couponGroupOf, couponStatusText, type CouponGroup } from '../../coupons/couponFaceText.js';
import { Card } from '../../ui/Card.js';
import { Loadable } from '../../ui/Loadable.js';
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

  return (
    <View className="page coupons">
      <Text className="page__title">我的停车券</Text>
      <Text className="page__subtitle">停车券发放到车牌上，离场时自动抵扣，无需出示</Text>
      <Loadable
        loaded={coupons}
        what="停车券"
        onRetry={() => void reload()}
        empty={{
          when: ({ coupons: list }) => list.length === 0,
          title: '还没有停车券',
          description: '在商户处扫描领券二维码即可领取',
          action: { text: '返回首页', onClick: () => void Taro.reLaunch({ url: '/pages/index/index' }) },
        }}
      >
        {({ coupons: list }) =>
          groups.map(({ group, title }) => {
            const inGroup = list.filter((coupon) => couponGroupOf(coupon) === group);
            return inGroup.length === 0 ? null : (
              <Card key={group} title={`${title}（${inGroup.length}）`}>
                {inGroup.map((coupon) => (
                  <CouponTicket key={coupon.couponId} coupon={coupon} />
                ))}
              </Card>
            );
          })
        }
      </Loadable>
    </View>
  );
};

export default CouponsPage;
