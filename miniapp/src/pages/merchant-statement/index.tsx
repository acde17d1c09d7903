import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan } from '@shared/money/fen.js';
import { lotToday, monthLabel, shiftMonth } from '../../merchant/localDates.js';
import { downloadInBrowser, fetchStatementCsv } from '../../merchant/merchantApi.js';
import { MerchantEmpty, MerchantFailure, MerchantLoading } from '../../merchant/MerchantStates.js';
import { MerchantStepper } from '../../merchant/MerchantStepper.js';
import { statementSummary, type CouponTotalView } from '../../merchant/statementSummary.js';
import { useMerchantData } from '../../merchant/useMerchantData.js';
import { Button, Cell, CellGroup } from '../../ui/nutui.js';
import '../../merchant/merchant.css';

const couponCell = (title: string, total: CouponTotalView, note: string) => (
  <Cell
    title={`${title} ${total.count} 张`}
    description={total.count > 0 ? `${total.faceText}${total.faceText ? ' · ' : ''}${note}` : undefined}
    extra={formatYuan(total.priceFen)}
  />
);

const amountClass = (fen: number): string => (fen < 0 ? 'merchant__amount--minus' : fen > 0 ? 'merchant__amount--plus' : '');

/** A month's statement: the CSV read as totals and movements, and the CSV itself to keep. */
const StatementPage = () => {
  const thisMonth = lotToday(Date.now()).slice(0, 7);
  const [month, setMonth] = useState(thisMonth);
  const load = useCallback(async () => {
    const csv = await fetchStatementCsv(month);
    return { csv, summary: statementSummary(csv) };
  }, [month]);
  const { loaded, reload } = useMerchantData(load);

  const copy = (csv: string) => void Taro.setClipboardData({ data: csv.replace(/^\uFEFF/, '') });
  const download = (csv: string) => downloadInBrowser(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `statement-${month}.csv`);

  return (
    <View className="page">
      <MerchantStepper
        label={monthLabel(month)}
        earlier="上个月"
        later="下个月"
        onEarlier={() => setMonth(shiftMonth(month, -1))}
        onLater={() => setMonth(shiftMonth(month, 1))}
        atLatest={month >= thisMonth}
      />

      {loaded.state === 'loading' && <MerchantLoading text="正在生成账单…" />}
      {loaded.state === 'failed' && <MerchantFailure title="账单读取失败" message={loaded.message} onRetry={() => void reload()} />}
      {loaded.state === 'loaded' && (
        <View>
          <View className="merchant__card merchant__account">
            <Text className="merchant__account-label">{loaded.data.summary.amountDueFen > 0 ? '本月应付停车场' : '期末余额'}</Text>
            <Text className="merchant__account-available">
              {formatYuan(loaded.data.summary.amountDueFen > 0 ? loaded.data.summary.amountDueFen : loaded.data.summary.closingBalanceFen)}
            </Text>
            <View className="merchant__account-grid">
              <View className="merchant__account-cell">
                <Text className="merchant__account-label">期初余额</Text>
                <Text className="merchant__account-value">{formatYuan(loaded.data.summary.openingBalanceFen)}</Text>
              </View>
              <View className="merchant__account-cell">
                <Text className="merchant__account-label">期末冻结</Text>
                <Text className="merchant__account-value">{formatYuan(loaded.data.summary.heldAtCloseFen)}</Text>
              </View>
            </View>
          </View>

          <CellGroup title="资金">
            <Cell title={`充值 ${loaded.data.summary.recharges.count} 笔`} extra={formatYuan(loaded.data.summary.recharges.amountFen)} />
            <Cell title={`结算 ${loaded.data.summary.settlements.count} 笔`} extra={formatYuan(loaded.data.summary.settlements.amountFen)} />
            <Cell title={`调账 ${loaded.data.summary.adjustments.count} 笔`} extra={formatYuan(loaded.data.summary.adjustments.amountFen)} />
            <Cell title="期末余额" extra={formatYuan(loaded.data.summary.closingBalanceFen)} />
            <Cell title="应付金额" extra={formatYuan(loaded.data.summary.amountDueFen)} />
          </CellGroup>

          <CellGroup title="停车券（券面 · 成本）">
            {couponCell('发放', loaded.data.summary.couponsGranted, '发放时冻结')}
            {couponCell('核销', loaded.data.summary.couponsUsed, '已从账户扣款')}
            {couponCell('过期', loaded.data.summary.couponsExpired, '冻结已退回')}
            {couponCell('撤销', loaded.data.summary.couponsRevoked, '冻结已退回')}
          </CellGroup>

          {loaded.data.summary.movements.length > 0 ? (
            <CellGroup title="明细">
              {loaded.data.summary.movements.map((movement, index) => (
                <Cell
                  key={index}
                  title={`${movement.item}${movement.plate ? ` · ${movement.plate}` : ''}`}
                  description={`${movement.at.slice(0, 16).replace('T', ' ')}${movement.faceText ? ` · ${movement.faceText}` : ''} · 余额 ${formatYuan(movement.balanceFen)}`}
                  extra={<Text className={amountClass(movement.amountFen)}>{formatYuan(movement.amountFen)}</Text>}
                />
              ))}
            </CellGroup>
          ) : (
            <MerchantEmpty title="本月没有账户变动" />
          )}

          <View className="merchant__actions">
            {process.env.TARO_ENV === 'h5' && (
              <Button block type="primary" onClick={() => download(loaded.data.csv)}>
                下载 CSV 账单
              </Button>
            )}
            <Button block fill="outline" type="primary" onClick={() => copy(loaded.data.csv)}>
              复制 CSV 内容
            </Button>
          </View>
        </View>
      )}
    </View>
  );
};

export default StatementPage;
