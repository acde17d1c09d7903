import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { enterWithoutPlate, type NoPlateEntry } from '../../api/driverLanes.js';
import { refusalText } from '../../api/refusalText.js';
import { lotTimeText } from '../../pay/feeBreakdown.js';
import { codePages } from '../../scan/scanTarget.js';
import { UnreadableCode } from '../../scan/UnreadableCode.js';
import { useScanTarget } from '../../scan/useScanTarget.js';
import { BarrierOpening } from '../../ui/BarrierOpening.js';
import { Button } from '../../ui/nutui.js';
import './index.css';

type Step = { kind: 'ready' } | { kind: 'entering' } | { kind: 'entered'; entry: NoPlateEntry } | { kind: 'failed'; message: string };

/**
 * Entry-lane code, for a car without a plate: the driver's WeChat identity gets a temporary
 * plate and the barrier opens. Scanning again answers the same entry, so a slow barrier or a
 * reloaded page never makes a second car.
 */
const EntryPage = () => {
  const target = useScanTarget(codePages.entryLane);
  const [step, setStep] = useState<Step>({ kind: 'ready' });
  const home = () => void Taro.reLaunch({ url: '/pages/index/index' });

  if (target?.kind !== 'entryLane') {
    return <UnreadableCode title="二维码无法识别" description="请扫描入口车道旁的无牌车入场二维码" />;
  }

  const enter = async () => {
    setStep({ kind: 'entering' });
    try {
      setStep({ kind: 'entered', entry: await enterWithoutPlate(target.lotId, target.laneId) });
    } catch (error) {
      setStep({ kind: 'failed', message: refusalText(error) });
    }
  };

  if (step.kind === 'entered') {
    return (
      <View className="page entry">
        <BarrierOpening caption="道闸已抬起，请入场" />
        <View className="entry__card">
          <Text className="entry__label">临时车牌</Text>
          <Text className="entry__plate">{step.entry.plate}</Text>
          <Text className="entry__time">入场时间 {lotTimeText(step.entry.enteredAt)}</Text>
        </View>
        <Text className="entry__hint">离场时请在出口扫描车道旁的二维码，系统会根据您的微信找到这辆车，缴费后道闸自动抬起。</Text>
        <Button block type="primary" fill="outline" onClick={home}>
          返回首页
        </Button>
      </View>
    );
  }

  return (
    <View className="page entry">
      <Text className="page__title">无牌车入场</Text>
      <Text className="page__subtitle">新车未上牌、车牌污损或无法识别时，扫码领取临时车牌入场</Text>
      <View className="entry__card">
        <Text className="entry__label">入口车道</Text>
        <Text className="entry__lane">{target.laneId}</Text>
      </View>
      {step.kind === 'failed' && <Text className="entry__error">{step.message}</Text>}
      <Button block type="primary" loading={step.kind === 'entering'} disabled={step.kind === 'entering'} onClick={() => void enter()}>
        无牌车入场
      </Button>
    </View>
  );
};

export default EntryPage;
