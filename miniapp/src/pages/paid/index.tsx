import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan } from '@shared/money/fen.js';
import { BarrierOpening } from '../../ui/BarrierOpening.js';
import { ResultPage } from '../../ui/nutui.js';
import '../../pay/PayScreen.css';

/**
 * The payment result. At the exit lane the barrier opens on the payment (within a second of
 * the notification); paid in the lot, the driver has the exit grace to reach the barrier, which
 * then opens by itself on the camera's read.
 */
const PaidPage = () => {
  const { params } = useRouter();
  const amount = Number(params.amount);
  const grace = Number(params.grace);
  const atLane = params.at === 'exitLane';
  return (
    <View className="page paid">
      {atLane && <BarrierOpening caption="道闸已抬起，一路顺风" />}
      <ResultPage
        status="success"
        title={atLane ? '支付成功，道闸正在抬起' : `支付成功，请在${grace}分钟内离场`}
        description={atLane ? '请确认道闸抬起后缓慢通行' : '出口道闸将自动识别车牌抬杆，超时离场需补缴停车费'}
        actions={[{ text: '返回首页', type: 'primary', onClick: () => void Taro.reLaunch({ url: '/pages/index/index' }) }]}
      />
      <Text className="pay__plate">{decodeURIComponent(params.plate ?? '')}</Text>
      {Number.isSafeInteger(amount) && <Text className="pay__due">已支付 {formatYuan(amount)}</Text>}
    </View>
  );
};

export default PaidPage;
