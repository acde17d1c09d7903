import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan } from '@shared/money/fen.js';
import { ApiError } from '../api/apiError.js';
import { newAttemptKey } from '../api/attemptKey.js';
import { leaveThroughLane } from '../api/driverLanes.js';
import { fetchOrder, placeOrder, type DriverOrder, type DriverQuote } from '../api/driverPayments.js';
import { refusalText } from '../api/refusalText.js';
import { BarrierOpening } from '../ui/BarrierOpening.js';
import { Button, Loading, ResultPage } from '../ui/nutui.js';
import { FeeBreakdownCard } from './FeeBreakdownCard.js';
import { requestWeChatPayment, simulatorPageUrl } from './requestPayment.js';
import './PayScreen.css';

type Step =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'quoted'; quote: DriverQuote; notice?: string }
  | { kind: 'ordering'; quote: DriverQuote }
  /** Waiting for the payment; `sheetUrl` is the h5 stand-in for WeChat's payment sheet. */
  | { kind: 'confirming'; quote: DriverQuote; order: DriverOrder; sheetUrl: string | null }
  /** Nothing due at an exit lane: the car is leaving, then has left. */
  | { kind: 'leaving'; quote: DriverQuote }
  | { kind: 'left'; plate: string };

const pollMs = 1500;

export interface PayScreenProps {
  /** The quote to pay: by plate (in-lot code) or the car at an exit lane. */
  load: () => Promise<DriverQuote>;
  /** Where the payment is made: at an exit lane (named) the barrier opens on payment. */
  at: 'lot' | { laneId: string };
  /** What the driver can do when there is nothing to pay here (besides trying again). */
  fallback: { text: string; onClick: () => void };
  /** Shown above the fee while loading or failed: the plate, or the lane. */
  title: string;
}

/** The fee of one stay with its working, paid through WeChat Pay (the simulator's sheet on h5). */
export const PayScreen = ({ load, at, fallback, title }: PayScreenProps) => {
  const laneId = at === 'lot' ? undefined : at.laneId;
  const [step, setStep] = useState<Step>({ kind: 'loading' });
  const mounted = useRef(true);
  // One car leaves per screen: a retried tap (lost answer) must not count as another departure.
  const leaveKey = useRef(newAttemptKey('leave'));
  useEffect(() => () => void (mounted.current = false), []);

  const loadQuote = useCallback(
    async (notice?: string) => {
      setStep({ kind: 'loading' });
      try {
        const quote = await load();
        if (mounted.current) setStep({ kind: 'quoted', quote, ...(notice ? { notice } : {}) });
      } catch (error) {
        if (mounted.current) setStep({ kind: 'failed', message: refusalText(error) });
      }
    },
    [load],
  );

  useEffect(() => {
    void loadQuote();
  }, [loadQuote]);

  const showPaid = useCallback(
    (order: DriverOrder, exitGraceMinutes: number) => {
      void Taro.redirectTo({
        url: `/pages/paid/index?plate=${encodeURIComponent(order.plate)}&amount=${order.amountFen}&grace=${exitGraceMinutes}&at=${laneId ? 'exitLane' : 'lot'}`,
      });
    },
    [laneId],
  );

  // While a payment is open, ask the API until the order is settled one way or the other.
  const orderId = step.kind === 'confirming' ? step.order.orderId : null;
  const graceMinutes = step.kind === 'confirming' ? step.quote.exitGraceMinutes : 0;
  useEffect(() => {
    if (orderId === null) return;
    let current = true;
    const timer = setInterval(() => {
      fetchOrder(orderId)
        .then((order) => {
          if (!current) return;
          if (order.state === 'paid') showPaid(order, graceMinutes);
          else if (order.state === 'failed' || order.state === 'closed') void loadQuote('支付未完成，请重新支付');
        })
        .catch(() => undefined); // a missed poll is retried by the next tick
    }, pollMs);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [orderId, graceMinutes, showPaid, loadQuote]);

  const pay = async (quote: DriverQuote) => {
    setStep({ kind: 'ordering', quote });
    try {
      const placed = await placeOrder(quote, newAttemptKey('pay'), laneId);
      if (placed.order.state === 'paid' || placed.payment === undefined) {
        showPaid(placed.order, quote.exitGraceMinutes);
        return;
      }
      if (process.env.TARO_ENV === 'h5') {
        setStep({ kind: 'confirming', quote, order: placed.order, sheetUrl: simulatorPageUrl(placed.payment) });
        return;
      }
      setStep({ kind: 'confirming', quote, order: placed.order, sheetUrl: null });
      if (!(await requestWeChatPayment(placed.payment))) await loadQuote('支付已取消');
    } catch (error) {
      await loadQuote(refusalText(error));
    }
  };

  // Orders need at least 1 fen: a car owing nothing at the lane is let out by this call instead.
  const leave = async (quote: DriverQuote) => {
    if (laneId === undefined) return;
    setStep({ kind: 'leaving', quote });
    try {
      const departure = await leaveThroughLane(quote.lotId, laneId, leaveKey.current);
      if (mounted.current) setStep({ kind: 'left', plate: departure.plate });
    } catch (error) {
      const fresh = error instanceof ApiError ? (error.details as { quote?: DriverQuote } | undefined)?.quote : undefined;
      // Something became due (the free minutes ran out while waiting): show it, to pay instead.
      if (fresh !== undefined && mounted.current) setStep({ kind: 'quoted', quote: fresh, notice: refusalText(error) });
      else await loadQuote(refusalText(error));
    }
  };

  if (step.kind === 'left') {
    return (
      <View className="page paid">
        <BarrierOpening caption="道闸已抬起，一路顺风" />
        <ResultPage status="success" title="无需缴费，道闸正在抬起" description="请确认道闸抬起后缓慢通行" actions={[{ text: '返回首页', type: 'primary', onClick: () => void Taro.reLaunch({ url: '/pages/index/index' }) }]} />
        <Text className="pay__plate">{step.plate}</Text>
      </View>
    );
  }
  if (step.kind === 'loading') {
    return (
      <View className="page pay__loading">
        <Loading direction="vertical">正在查询停车费…</Loading>
      </View>
    );
  }
  if (step.kind === 'failed') {
    return (
      <View className="page">
        <ResultPage
          status="warning"
          title={title}
          description={step.message}
          actions={[
            { text: '重新查询', type: 'primary', onClick: () => void loadQuote() },
            { text: fallback.text, type: 'primary', fill: 'outline', onClick: fallback.onClick },
          ]}
        />
      </View>
    );
  }

  const { quote } = step;
  return (
    <View className="page pay">
      <View className="pay__head">
        <Text className="pay__plate">{quote.plate}</Text>
        <Text className="pay__due-label">{laneId ? '出口待缴' : '应付金额'}</Text>
        <Text className="pay__due">{formatYuan(quote.due)}</Text>
      </View>

      <FeeBreakdownCard quote={quote} />

      {step.kind === 'quoted' && step.notice && <Text className="pay__message pay__message--error">{step.notice}</Text>}

      {step.kind === 'confirming' ? (
        <View>
          <Loading className="pay__waiting">正在等待支付结果…</Loading>
          {step.sheetUrl && <iframe className="pay__sheet" src={step.sheetUrl} title="微信支付（模拟）" />}
        </View>
      ) : quote.due === 0 ? (
        <View className="pay__action">
          {laneId && (
            <Button block type="primary" loading={step.kind === 'leaving'} disabled={step.kind === 'leaving'} onClick={() => void leave(quote)}>
              免费离场，抬杆
            </Button>
          )}
          <Button block type="primary" fill="outline" onClick={() => void loadQuote()}>
            刷新费用
          </Button>
        </View>
      ) : (
        <View className="pay__action">
          <Button block type="primary" loading={step.kind === 'ordering'} disabled={step.kind === 'ordering'} onClick={() => void pay(quote)}>
            {`支付 ${formatYuan(quote.due)}`}
          </Button>
        </View>
      )}
    </View>
  );
};
