import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan } from '@shared/money/fen.js';
import { fetchOrder, fetchQuote, placeOrder, type DriverOrder, type DriverQuote } from '../../api/driverPayments.js';
import { refusalText } from '../../api/refusalText.js';
import { feeBreakdown } from '../../pay/feeBreakdown.js';
import { requestWeChatPayment, simulatorPageUrl } from '../../pay/requestPayment.js';
import { Button, Cell, CellGroup, Loading, ResultPage } from '../../ui/nutui.js';
import './index.css';

type Step =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'quoted'; quote: DriverQuote; notice?: string }
  | { kind: 'ordering'; quote: DriverQuote }
  /** Waiting for the payment; `sheetUrl` is the h5 stand-in for WeChat's payment sheet. */
  | { kind: 'confirming'; quote: DriverQuote; order: DriverOrder; sheetUrl: string | null };

const pollMs = 1500;
// DESIGN.md's example tariff; the quote does not carry the lot's exit grace yet.
const defaultExitGraceMinutes = 15;

const attemptKey = (): string => `pay-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

/** In-lot pay: the fee of a parked plate with its working, paid through WeChat Pay. */
const PayPage = () => {
  const { params } = useRouter();
  const lotId = params.lot ?? '';
  const plate = decodeURIComponent(params.plate ?? '');
  const [step, setStep] = useState<Step>({ kind: 'loading' });
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);

  const loadQuote = useCallback(async (notice?: string) => {
    setStep({ kind: 'loading' });
    try {
      const quote = await fetchQuote(lotId, plate);
      if (mounted.current) setStep({ kind: 'quoted', quote, ...(notice ? { notice } : {}) });
    } catch (error) {
      if (mounted.current) setStep({ kind: 'failed', message: refusalText(error) });
    }
  }, [lotId, plate]);

  useEffect(() => {
    void loadQuote();
  }, [loadQuote]);

  const showPaid = useCallback((order: DriverOrder) => {
    const grace = (step.kind === 'confirming' && (step.quote as { exitGraceMinutes?: number }).exitGraceMinutes) || defaultExitGraceMinutes;
    void Taro.redirectTo({
      url: `/pages/paid/index?plate=${encodeURIComponent(order.plate)}&amount=${order.amountFen}&grace=${grace}`,
    });
  }, [step]);

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
      const placed = await placeOrder(quote, attemptKey());
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
          title={plate}
          description={step.message}
          actions={[
            { text: '重新查询', type: 'primary', onClick: () => void loadQuote() },
            { text: '返回修改车牌', type: 'primary', fill: 'outline', onClick: () => void Taro.navigateBack() },
          ]}
        />
      </View>
    );
  }

  const { quote } = step;
  return (
    <View className="page pay">
      <Text className="pay__plate">{quote.plate}</Text>
      <Text className="pay__due-label">应付金额</Text>
      <Text className="pay__due">{formatYuan(quote.due)}</Text>

      <CellGroup title="费用明细">
        {feeBreakdown(quote).map((line) => (
          <Cell key={line.label} title={line.label} extra={line.value} />
        ))}
      </CellGroup>

      {step.kind === 'quoted' && step.notice && <Text className="pay__message pay__message--error">{step.notice}</Text>}

      {step.kind === 'confirming' ? (
        <View>
          <Loading className="pay__waiting">正在等待支付结果…</Loading>
          {step.sheetUrl && <iframe className="pay__sheet" src={step.sheetUrl} title="微信支付（模拟）" />}
        </View>
      ) : quote.due === 0 ? (
        <Text className="pay__message">当前无需缴费，可直接离场</Text>
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

export default PayPage;
