import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
// Not the plates barrel: it also exports the zod wire schema, which the page does not need.
import { parsePlate } from '@shared/plates/parsePlate.js';
import { checkHealth } from '../../api/health.js';
import { ApiError } from '../../api/apiRequest.js';
import { useScanContext } from '../../scan/useScanContext.js';
import { Button, Cell, CellGroup, Input } from '../../ui/nutui.js';
import './index.css';

type ServiceStatus = { state: 'checking' } | { state: 'ok' } | { state: 'error'; message: string };

const statusText = (status: ServiceStatus): string => {
  if (status.state === 'checking') return '正在连接服务…';
  if (status.state === 'ok') return '服务正常';
  return `服务异常：${status.message}`;
};

/** Driver home: where a scanned code lands, and the way in for plate lookup and merchants. */
const DriverHome = () => {
  const scan = useScanContext();
  const [status, setStatus] = useState<ServiceStatus>({ state: 'checking' });
  const [plateText, setPlateText] = useState('');
  const plate = parsePlate(plateText);

  const queryFee = () => {
    if (!scan) {
      void Taro.showToast({ title: '请先扫描车场内的缴费二维码', icon: 'none' });
      return;
    }
    setPlateText(plate.normalized);
    void Taro.navigateTo({ url: `/pages/pay/index?lot=${scan.lotId}&plate=${encodeURIComponent(plate.normalized)}` });
  };

  useEffect(() => {
    let current = true;
    checkHealth()
      .then(() => current && setStatus({ state: 'ok' }))
      .catch((error: unknown) => {
        const message = error instanceof ApiError ? error.message : '未知错误';
        if (current) setStatus({ state: 'error', message });
      });
    return () => {
      current = false;
    };
  }, []);

  return (
    <View className="page">
      <Text className="page__title">停车缴费</Text>
      <Text className="page__subtitle">扫码或输入车牌，查看停车费并在线支付</Text>

      {scan && (
        <CellGroup title="当前位置">
          <Cell title="车场" extra={scan.lotId} />
          <Cell title="车道" extra={scan.laneId ?? '场内'} />
        </CellGroup>
      )}

      <CellGroup title="扫码缴费">
        <Cell title="扫一扫" description="扫描场内或出口的二维码，免输车牌" extra="即将开放" />
      </CellGroup>

      <CellGroup title="输入车牌缴费">
        <Cell>
          <Input
            value={plateText}
            placeholder="例如 粤B12345"
            maxLength={12}
            onChange={setPlateText}
            onBlur={() => setPlateText(plate.normalized)}
          />
        </Cell>
      </CellGroup>
      {plateText !== '' && (
        <Text className={`home__plate-hint${plate.valid ? '' : ' home__plate-hint--error'}`}>
          {plate.valid ? `将查询车牌 ${plate.normalized}` : '车牌格式不正确，例如 粤B12345、粤BD12345'}
        </Text>
      )}
      <View className="home__action">
        <Button block type="primary" disabled={!plate.valid} onClick={queryFee}>
          查询停车费
        </Button>
      </View>

      <View className="home__merchant">
        <Button block fill="outline" type="primary" onClick={() => Taro.navigateTo({ url: '/pages/merchant/index' })}>
          商户入口
        </Button>
      </View>

      <Text className={`status status--${status.state}`}>{statusText(status)}</Text>
    </View>
  );
};

export default DriverHome;
