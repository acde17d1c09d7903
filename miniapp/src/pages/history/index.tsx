import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan } from '@shared/money/fen.js';
import { fetchHistory, requestInvoice, type HistoryEntry, type HistoryPage } from '../../api/driverAccount.js';
import { refusalText } from '../../api/refusalText.js';
import { checkInvoice, invoiceableOrders } from '../../history/invoiceDraft.js';
import { lotTimeText } from '../../pay/feeBreakdown.js';
import { Card } from '../../ui/Card.js';
import { Button, Input, Popup } from '../../ui/nutui.js';
import { Loadable } from '../../ui/Loadable.js';
import { useLoad } from '../../ui/useLoad.js';
import './index.css';

const paymentStateText: Record<string, string> = { paid: '已支付', refunded: '已退款', failed: '支付失败', closed: '已关闭', pending: '支付中' };

const Visit = ({ entry }: { entry: HistoryEntry }) => (
  <View className="visit">
    <View className="visit__head">
      <Text className="visit__plate">{entry.plate}</Text>
      <Text className={`visit__state visit__state--${entry.status}`}>{entry.status === 'open' ? '在场' : '已离场'}</Text>
    </View>
    <Text className="visit__time">
      入场 {lotTimeText(entry.enteredAt)}
      {entry.closedAt ? `  离场 ${lotTimeText(entry.closedAt)}` : ''}
    </Text>
    {entry.payments.map((payment) => (
      <View key={payment.orderId} className="visit__payment">
        <Text>
          {paymentStateText[payment.state] ?? payment.state} {formatYuan(payment.amountFen)}
          {payment.refundedFen > 0 ? `（退 ${formatYuan(payment.refundedFen)}）` : ''}
        </Text>
        <Text className="visit__invoice">{payment.invoiceId ? '已申请发票' : ''}</Text>
      </View>
    ))}
  </View>
);

/** The driver's visits with their payments (receipts), and e-invoices for paid orders. */
const VisitHistoryPage = () => {
  const [pages, setPages] = useState<HistoryPage[]>([]);
  const loadFirst = useCallback(async () => {
    const page = await fetchHistory();
    setPages([page]);
    return page;
  }, []);
  const [first, reload] = useLoad(loadFirst);
  const [more, setMore] = useState(false);
  const [invoicing, setInvoicing] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const [fields, setFields] = useState({ title: '', taxId: '', email: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const entries = pages.flatMap((page) => page.entries);
  const next = pages.at(-1)?.next ?? null;
  const orders = invoiceableOrders(entries);

  const loadMore = async () => {
    if (next === null) return;
    setMore(true);
    try {
      const page = await fetchHistory(next);
      setPages((loaded) => [...loaded, page]);
    } catch (error) {
      void Taro.showToast({ title: refusalText(error), icon: 'none' });
    } finally {
      setMore(false);
    }
  };

  const send = async () => {
    const check = checkInvoice(picked, fields);
    if (!check.ok) {
      setProblem(check.problem);
      return;
    }
    setSending(true);
    setProblem(null);
    try {
      const invoice = await requestInvoice(check.request);
      setInvoicing(false);
      setPicked([]);
      void Taro.showToast({ title: `已提交，发票将发送至 ${invoice.email}`, icon: 'none', duration: 3000 });
      await reload();
    } catch (error) {
      setProblem(refusalText(error));
    } finally {
      setSending(false);
    }
  };

  const toggle = (orderId: string) => setPicked((current) => (current.includes(orderId) ? current.filter((id) => id !== orderId) : [...current, orderId]));

  return (
    <View className="page history">
      <Text className="page__title">停车记录</Text>
      <Text className="page__subtitle">您缴费或扫码入场的停车，以及电子发票</Text>
      <Loadable
        loaded={first}
        what="停车记录"
        onRetry={() => void reload()}
        empty={{ when: () => entries.length === 0, title: '还没有停车记录', description: '在线缴费或无牌车扫码入场后，记录会显示在这里' }}
      >
        {() => (
          <>
            {orders.length > 0 && (
              <View className="history__invoice">
                <Button block type="primary" fill="outline" onClick={() => setInvoicing(true)}>
                  {`开具电子发票（${orders.length}笔可开）`}
                </Button>
              </View>
            )}
            <Card title="全部记录">
              {entries.map((entry) => (
                <Visit key={entry.sessionId} entry={entry} />
              ))}
            </Card>
            {next !== null && (
              <Button block fill="none" loading={more} onClick={() => void loadMore()}>
                加载更多
              </Button>
            )}
          </>
        )}
      </Loadable>

      <Popup visible={invoicing} position="bottom" round closeable title="开具电子发票" onClose={() => setInvoicing(false)}>
        <View className="invoice-form">
          {orders.map((order) => (
            <View key={order.orderId} className={`invoice-form__order${picked.includes(order.orderId) ? ' invoice-form__order--picked' : ''}`} onClick={() => toggle(order.orderId)}>
              <Text>
                {order.plate} · {formatYuan(order.amountFen - order.refundedFen)}
              </Text>
              <Text>{order.paidAt ? lotTimeText(order.paidAt) : ''}</Text>
            </View>
          ))}
          <Input placeholder="发票抬头（个人姓名或公司名称）" value={fields.title} onChange={(title) => setFields({ ...fields, title })} />
          <Input placeholder="税号（公司抬头填写，选填）" value={fields.taxId} onChange={(taxId) => setFields({ ...fields, taxId })} />
          <Input placeholder="接收邮箱" value={fields.email} onChange={(email) => setFields({ ...fields, email })} />
          {problem && <Text className="invoice-form__problem">{problem}</Text>}
          <Button block type="primary" loading={sending} disabled={sending} onClick={() => void send()}>
            提交开票申请
          </Button>
        </View>
      </Popup>
    </View>
  );
};

export default VisitHistoryPage;
