import { useCallback } from 'react';
import Taro from '@tarojs/taro';
import { fetchLaneVehicle } from '../../api/driverLanes.js';
import { PayScreen } from '../../pay/PayScreen.js';
import { codePages } from '../../scan/scanTarget.js';
import { UnreadableCode } from '../../scan/UnreadableCode.js';
import { useScanTarget } from '../../scan/useScanTarget.js';

/**
 * Exit-lane code: the lane already knows the car waiting at it (the camera's read, or the
 * driver's own no-plate car), so the driver pays without typing; the barrier opens on payment,
 * or, when nothing is due (free minutes, paid, coupons), on the driver's "免费离场" tap.
 */
const ExitPage = () => {
  const target = useScanTarget(codePages.exitLane);
  const lotId = target?.kind === 'exitLane' ? target.lotId : '';
  const laneId = target?.kind === 'exitLane' ? target.laneId : '';
  const load = useCallback(() => fetchLaneVehicle(lotId, laneId), [lotId, laneId]);
  const home = () => void Taro.reLaunch({ url: `/pages/index/index${lotId ? `?lot=${lotId}` : ''}` });

  if (target === null) {
    return <UnreadableCode title="二维码无法识别" description="请扫描出口车道旁的缴费二维码" />;
  }
  return <PayScreen load={load} at={{ laneId }} title="出口缴费" fallback={{ text: '输入车牌缴费', onClick: home }} />;
};

export default ExitPage;
