import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan } from '@shared/money/fen.js';
import { ResultPage } from '../../ui/nutui.js';
import '../pay/index.css';

/** The payment result: paid, and how long the driver has to reach the barrier. */
const PaidPage = () => {
  const { params } = useRouter();
  const amount = Number(params.amount);
  const grace = Number(params.grace);
  return (
    <View className="page paid">
      <ResultPage
        status="success"
        title={`支付成功，请在${grace}分钟内离场`}
        description="出口道闸将自动识别车牌抬杆，超时离场需补缴停车费"
        actions={[{ text: '返回首页', type: 'primary', onClick: () => void Taro.reLaunch({ url: '/pages/index/index' }) }]}
      />
      <Text className="pay__plate">{decodeURIComponent(params.plate ?? '')}</Text>
      {Number.isSafeInteger(amount) && <Text className="pay__due">已支付 {formatYuan(amount)}</Text>}
    </View>
  );
};

export default PaidPage;
