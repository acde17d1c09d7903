import { useCallback, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan } from '@shared/money/fen.js';
import { lowBalanceText } from '../../merchant/accountSummary.js';
import { couponStatusText, faceText, grantOutcomeText, needsReceipt, templateText } from '../../merchant/couponText.js';
import { attemptFor, type GrantAttempt, type GrantDraft } from '../../merchant/grantAttempt.js';
import { lotClock } from '../../merchant/localDates.js';
import { fetchAccount, fetchRecentEntries, fetchTemplates, grantCoupon, type CouponTemplate, type GrantAnswer, type RecentEntry } from '../../merchant/merchantApi.js';
import { merchantRefusalText } from '../../merchant/merchantRefusalText.js';
import { MerchantEmpty, MerchantPageWait } from '../../merchant/MerchantStates.js';
import { receiptFenOf } from '../../merchant/receiptAmount.js';
import { useMerchantData } from '../../merchant/useMerchantData.js';
import { PlateKeyboard } from '../../plates/PlateKeyboard.js';
import { checkTypedPlate } from '../../plates/plateKeyboardState.js';
import { Button, Cell, CellGroup, Input, ResultPage } from '../../ui/nutui.js';
import '../../merchant/merchant.css';

interface GrantScreen {
  templates: CouponTemplate[];
  /** Null when the recent entries could not be read: the plate can still be typed. */
  recent: RecentEntry[] | null;
  availableFen: number;
}

const loadScreen = async (): Promise<GrantScreen> => {
  const [templates, recent, account] = await Promise.all([fetchTemplates(), fetchRecentEntries().catch(() => null), fetchAccount()]);
  return { templates, recent, availableFen: account.availableFen };
};

type Step = { kind: 'edit' } | { kind: 'confirm'; refusal?: string } | { kind: 'granting' } | { kind: 'done'; answer: GrantAnswer };

/** Staff grant a coupon to a customer's plate: template, receipt when needed, plate, confirm, result. */
const GrantPage = () => {
  const { loaded, reload } = useMerchantData(useCallback(loadScreen, []));
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [receiptText, setReceiptText] = useState('');
  const [plateText, setPlateText] = useState('');
  // The keyboard starts from a picked plate; a new seed remounts it with that plate.
  const [keyboardSeed, setKeyboardSeed] = useState({ plate: '', generation: 0 });
  const [step, setStep] = useState<Step>({ kind: 'edit' });
  const pending = useRef<GrantAttempt | null>(null);

  if (loaded.state !== 'loaded') return <MerchantPageWait loaded={loaded} text="正在读取停车券…" onRetry={() => void reload()} />;

  const { templates, recent, availableFen } = loaded.data;
  const template = templates.find((candidate) => candidate.templateId === templateId) ?? templates[0];
  const plate = checkTypedPlate(plateText);
  const receiptFen = receiptFenOf(receiptText);
  const receiptMissing = template !== undefined && needsReceipt(template) && receiptFen === null;
  const receiptBelow = template !== undefined && needsReceipt(template) && receiptFen !== null && receiptFen < template.thresholdFen;
  const warning = lowBalanceText(availableFen, template?.priceFen ?? null);

  const draft = (): GrantDraft | null =>
    template === undefined || !plate.complete || receiptMissing
      ? null
      : { templateId: template.templateId, plate: plate.plate.normalized, ...(needsReceipt(template) && receiptFen !== null ? { receiptFen } : {}) };

  const pick = (picked: string) => {
    setPlateText(picked);
    setKeyboardSeed((seed) => ({ plate: picked, generation: seed.generation + 1 }));
  };

  const grant = async () => {
    const current = draft();
    if (current === null) return;
    // The same grant keeps its key: a second tap or a retry after a lost answer grants once.
    const attempt = attemptFor(pending.current, current);
    pending.current = attempt;
    setStep({ kind: 'granting' });
    try {
      const answer = await grantCoupon(attempt.draft, attempt.key);
      pending.current = null;
      setStep({ kind: 'done', answer });
    } catch (error) {
      setStep({ kind: 'confirm', refusal: merchantRefusalText(error) });
    }
  };

  const startOver = () => {
    setPlateText('');
    setReceiptText('');
    setKeyboardSeed((seed) => ({ plate: '', generation: seed.generation + 1 }));
    setStep({ kind: 'edit' });
    void reload();
  };

  if (step.kind === 'done') {
    const { coupon, account } = step.answer;
    return (
      <View className="page">
        <ResultPage
          status="success"
          title="发券成功"
          description={`${coupon.plate} · ${faceText(coupon.face)}`}
          actions={[
            { text: '继续发券', type: 'primary', onClick: startOver },
            { text: '返回商户中心', type: 'primary', fill: 'outline', onClick: () => void Taro.navigateBack() },
          ]}
        />
        <CellGroup title="这张券">
          <Cell title="车牌" extra={coupon.plate} />
          <Cell title="优惠" extra={faceText(coupon.face)} />
          <Cell title="状态" extra={couponStatusText[coupon.status]} description={grantOutcomeText(coupon)} />
          <Cell title="本券成本" extra={formatYuan(coupon.priceFen)} />
        </CellGroup>
        <CellGroup title="账户">
          <Cell title="可用额度" extra={formatYuan(account.availableFen)} />
          <Cell title="账户余额" extra={formatYuan(account.balanceFen)} />
          <Cell title="已发未用（冻结）" extra={formatYuan(account.heldFen)} />
        </CellGroup>
      </View>
    );
  }

  if (templates.length === 0 || template === undefined) {
    return (
      <View className="page">
        <MerchantEmpty title="暂无可发放的停车券" description="请联系停车场管理处配置停车券" />
      </View>
    );
  }

  if (step.kind === 'confirm' || step.kind === 'granting') {
    const current = draft();
    return (
      <View className="page">
        <Text className="page__title">确认发券</Text>
        <Text className="page__subtitle">请与顾客核对车牌，发放后从商户账户冻结本券成本</Text>
        <CellGroup>
          <Cell title="车牌" extra={<Text className="merchant__plate">{current?.plate ?? ''}</Text>} />
          <Cell title="停车券" extra={template.name} description={templateText(template)} />
          {current?.receiptFen !== undefined && <Cell title="小票金额" extra={formatYuan(current.receiptFen)} />}
          <Cell title="本券成本" extra={formatYuan(template.priceFen)} />
          <Cell title="可用额度" extra={formatYuan(availableFen)} />
        </CellGroup>
        {step.kind === 'confirm' && step.refusal && <Text className="merchant__error">{step.refusal}</Text>}
        <View className="merchant__actions">
          <Button block type="primary" loading={step.kind === 'granting'} disabled={step.kind === 'granting'} onClick={() => void grant()}>
            确认发放
          </Button>
          <Button block fill="outline" type="primary" disabled={step.kind === 'granting'} onClick={() => setStep({ kind: 'edit' })}>
            返回修改
          </Button>
        </View>
      </View>
    );
  }

  return (
    <View className="page">
      <Text className="merchant__section-title">{`选择停车券（可用额度 ${formatYuan(availableFen)}）`}</Text>
      {templates.map((candidate) => (
        <View
          key={candidate.templateId}
          className={`merchant__choice${candidate.templateId === template.templateId ? ' merchant__choice--active' : ''}`}
          onClick={() => setTemplateId(candidate.templateId)}
        >
          <Text className="merchant__choice-title">{candidate.name}</Text>
          <Text className="merchant__choice-note">{templateText(candidate)}</Text>
        </View>
      ))}
      {warning && <Text className="merchant__error">{warning}</Text>}

      {needsReceipt(template) && (
        <View>
          <Text className="merchant__section-title">小票金额（元）</Text>
          <CellGroup>
            <Cell>
              <Input type="digit" value={receiptText} placeholder={`满 ${formatYuan(template.thresholdFen)} 可发`} onChange={setReceiptText} />
            </Cell>
          </CellGroup>
          {receiptText !== '' && (receiptFen === null || receiptBelow) && (
            <Text className="merchant__hint merchant__hint--error">
              {receiptFen === null ? '请输入正确的金额，例如 88 或 88.50' : `未满 ${formatYuan(template.thresholdFen)}，不能发放此券`}
            </Text>
          )}
        </View>
      )}

      <Text className="merchant__section-title">最近入场（点选车牌）</Text>
      {recent === null ? (
        <Text className="merchant__hint">最近入场车辆暂时无法读取，请直接输入车牌</Text>
      ) : recent.length === 0 ? (
        <Text className="merchant__hint">暂无在场车辆，请直接输入车牌</Text>
      ) : (
        <View className="merchant__chips">
          {recent.map((entry) => (
            <View
              key={entry.plate}
              className={`merchant__chip${entry.plate === plate.plate.normalized ? ' merchant__chip--active' : ''}`}
              onClick={() => pick(entry.plate)}
            >
              <Text>{entry.plate}</Text>
              <Text className="merchant__chip-time">{`${lotClock(entry.enteredAt)} 入场`}</Text>
            </View>
          ))}
        </View>
      )}

      <Text className="merchant__section-title">或输入车牌</Text>
      <PlateKeyboard key={keyboardSeed.generation} initial={keyboardSeed.plate} onChange={setPlateText} />

      <View className="merchant__actions">
        <Button block type="primary" disabled={draft() === null || receiptBelow} onClick={() => setStep({ kind: 'confirm' })}>
          下一步：确认发券
        </Button>
      </View>
    </View>
  );
};

export default GrantPage;
