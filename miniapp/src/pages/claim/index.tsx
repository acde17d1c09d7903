import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { newAttemptKey } from '../../api/attemptKey.js';
import { bindPlate, fetchBoundPlates } from '../../api/driverAccount.js';
import { claimCoupon, type DriverCoupon } from '../../api/driverCoupons.js';
import { refusalText } from '../../api/refusalText.js';
import { couponFaceText } from '../../coupons/couponFaceText.js';
import { BoundPlatesLoadable } from '../../plates/BoundPlatesLoadable.js';
import { PlatePopup } from '../../plates/PlatePopup.js';
import { codePages } from '../../scan/scanTarget.js';
import { UnreadableCode } from '../../scan/UnreadableCode.js';
import { useScanTarget } from '../../scan/useScanTarget.js';
import { Card } from '../../ui/Card.js';
import { Button, ResultPage } from '../../ui/nutui.js';
import { useLoad } from '../../ui/useLoad.js';
import './index.css';

/**
 * A merchant's claim code, scanned: the driver picks one of their plates (or binds one) and the
 * coupon lands on that plate's stay now, or waits for its next visit. One Idempotency-Key per
 * attempt, so a retried tap claims once.
 */
const ClaimPage = () => {
  const target = useScanTarget(codePages.claim);
  const [plates, reloadPlates] = useLoad(fetchBoundPlates);
  const [picked, setPicked] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [claiming, setClaiming] = useState(false);
  // The attempt a retry repeats (kept after a failure: a lost answer may have been a claim).
  const attempt = useRef<{ key: string; plate: string } | null>(null);
  const [claimed, setClaimed] = useState<DriverCoupon | null>(null);
  const [error, setError] = useState<string | null>(null);
  const home = () => void Taro.reLaunch({ url: '/pages/index/index' });

  if (target?.kind !== 'claim') {
    return <UnreadableCode title="领券码无法识别" description="请扫描商户出示的领券二维码" />;
  }

  if (claimed !== null) {
    return (
      <View className="page">
        <ResultPage
          status="success"
          title="领取成功"
          description={`${couponFaceText(claimed.face)} · ${claimed.plate}${claimed.status === 'attached' ? '，本次停车离场时自动抵扣' : '，下次入场自动使用'}`}
          actions={[
            { text: '查看我的停车券', type: 'primary', onClick: () => void Taro.redirectTo({ url: '/pages/coupons/index' }) },
            { text: '返回首页', type: 'primary', fill: 'outline', onClick: home },
          ]}
        />
      </View>
    );
  }

  const bound = plates.state === 'ready' ? plates.value.plates.map(({ plate }) => plate) : [];
  const plate = picked ?? bound[0] ?? null;

  const claim = async (forPlate: string) => {
    // A retry for the same plate is the same attempt; another plate is a new one.
    if (attempt.current?.plate !== forPlate) attempt.current = { key: newAttemptKey('claim'), plate: forPlate };
    setClaiming(true);
    setError(null);
    try {
      setClaimed((await claimCoupon(target.token, forPlate, attempt.current.key)).coupon);
    } catch (failure) {
      setError(refusalText(failure));
    } finally {
      setClaiming(false);
    }
  };

  const addPlate = async (newPlate: string) => {
    try {
      await bindPlate(newPlate);
      setAdding(false);
      setPicked(newPlate);
      await reloadPlates();
    } catch (failure) {
      void Taro.showToast({ title: refusalText(failure), icon: 'none', duration: 3000 });
    }
  };

  return (
    <View className="page claim">
      <View className="claim__ticket">
        <Text className="claim__ticket-title">商户停车券</Text>
        <Text className="claim__ticket-text">领取到您的车牌，离场时自动抵扣停车费</Text>
      </View>

      <Card
        title="领取到哪辆车"
        extra={
          <Text className="card__link" onClick={() => setAdding(true)}>
            + 添加车牌
          </Text>
        }
      >
        <BoundPlatesLoadable plates={plates} onRetry={() => void reloadPlates()} onAdd={() => setAdding(true)} count={bound.length} why="停车券发放到车牌上，请先添加您的车牌">
          {() => (
            <View className="claim__plates">
              {bound.map((candidate) => (
                <Text key={candidate} className={`claim__plate${candidate === plate ? ' claim__plate--picked' : ''}`} onClick={() => setPicked(candidate)}>
                  {candidate}
                </Text>
              ))}
            </View>
          )}
        </BoundPlatesLoadable>
      </Card>

      {error && <Text className="claim__error">{error}</Text>}
      <Button block type="primary" disabled={plate === null || claiming} loading={claiming} onClick={() => plate && void claim(plate)}>
        {plate ? `领取到 ${plate}` : '请先添加车牌'}
      </Button>

      <PlatePopup visible={adding} title="添加车牌" confirmText="绑定并选择" onConfirm={(newPlate) => void addPlate(newPlate)} onClose={() => setAdding(false)} />
    </View>
  );
};

export default ClaimPage;
