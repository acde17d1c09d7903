import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan } from '@shared/money/fen.js';
import { Button } from '../../ui/nutui.js';
import '../pay/index.css';

/** The payment result: paid, and how long the driver has to reach the barrier. */
const PaidPage = () => {
  const { params } = useRouter();
  const amount = Number(params.amount);
  const grace = Number(params.grace);
  return (
    <View className="page paid">
      <Text className="page__title paid__title">支付成功，请在{grace}分钟内离场</Text>
      <Text className="pay__plate">{decodeURIComponent(params.plate ?? '')}</Text>
      {Number.isSafeInteger(amount) && <Text className="pay__due">{formatYuan(amount)}</Text>}
      <Text className="pay__message">出口道闸将自动识别车牌抬杆，超时需补缴停车费</Text>
      <View className="pay__action">
        <Button block type="primary" onClick={() => void Taro.reLaunch({ url: '/pages/index/index' })}>返回首页</Button>
      </View>
    </View>
  );
};

export default PaidPage;
