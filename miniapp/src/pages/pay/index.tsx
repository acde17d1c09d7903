import { useCallback } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { fetchQuote } from '../../api/driverPayments.js';
import { PayScreen } from '../../pay/PayScreen.js';

/** In-lot pay: the fee of a plate the driver picked or typed. */
const PayPage = () => {
  const { params } = useRouter();
  const lotId = params.lot ?? '';
  const plate = decodeURIComponent(params.plate ?? '');
  const load = useCallback(() => fetchQuote(lotId, plate), [lotId, plate]);
  return <PayScreen load={load} at="lot" title={plate} fallback={{ text: '返回修改车牌', onClick: () => void Taro.navigateBack() }} />;
};

export default PayPage;
