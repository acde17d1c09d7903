import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan } from '@shared/money/fen.js';
import { newAttemptKey } from '../api/attemptKey.js';
import { fetchOrder, placeOrder, type DriverOrder, type DriverQuote } from '../api/driverPayments.js';
import { refusalText } from '../api/refusalText.js';
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
  | { kind: 'confirming'; quote: DriverQuote; order: DriverOrder; sheetUrl: string | null };

const pollMs = 1500;
// DESIGN.md's example tariff; the quote does not carry the lot's exit grace.
export const defaultExitGraceMinutes = 15;

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
    (order: DriverOrder) => {
      void Taro.redirectTo({
        url: `/pages/paid/index?plate=${encodeURIComponent(order.plate)}&amount=${order.amountFen}&grace=${defaultExitGraceMinutes}&at=${laneId ? 'exitLane' : 'lot'}`,
      });
    },
    [laneId],
  );

  // While a payment is open, ask the API until the order is settled one way or the other.
  const orderId = step.kind === 'confirming' ? step.order.orderId : null;
  useEffect(() => {
    if (orderId === null) return;
    let current = true;
    const timer = setInterval(() => {
      fetchOrder(orderId)
        .then((order) => {
          if (!current) return;
          if (order.state === 'paid') showPaid(order);
          else if (order.state === 'failed' || order.state === 'closed') void loadQuote('支付未完成，请重新支付');
        })
        .catch(() => undefined); // a missed poll is retried by the next tick
    }, pollMs);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [orderId, showPaid, loadQuote]);

  const pay = async (quote: DriverQuote) => {
    setStep({ kind: 'ordering', quote });
    try {
      const placed = await placeOrder(quote, newAttemptKey('pay'), laneId);
      if (placed.order.state === 'paid' || placed.payment === undefined) {
        showPaid(placed.order);
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

      <FeeBreakdownCard quote={quote} exitGraceMinutes={defaultExitGraceMinutes} />

      {step.kind === 'quoted' && step.notice && <Text className="pay__message pay__message--error">{step.notice}</Text>}

      {step.kind === 'confirming' ? (
        <View>
          <Loading className="pay__waiting">正在等待支付结果…</Loading>
          {step.sheetUrl && <iframe className="pay__sheet" src={step.sheetUrl} title="微信支付（模拟）" />}
        </View>
      ) : quote.due === 0 ? (
        <View className="pay__action">
          {laneId && <Text className="pay__message">无需缴费。如道闸未自动抬起，请按出口对讲按钮联系工作人员</Text>}
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
