import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { apiBaseUrl } from '../../api/apiBaseUrl.js';
import { claimableTemplates, claimCodeRequest, claimCodeState, draftOf, lifetimeUnit, type ClaimCodeDraft, type ClaimCodeKind } from '../../merchant/claimCodeDraft.js';
import { claimLinkOf, qrImageSource } from '../../merchant/claimQr.js';
import { templateText } from '../../merchant/couponText.js';
import { lotTimeText } from '../../pay/feeBreakdown.js';
import { createClaimCode, fetchClaimCodes, fetchTemplates, saveClaimQrPng, type ClaimCodeView, type CouponTemplate } from '../../merchant/merchantApi.js';
import { merchantRefusalText } from '../../merchant/merchantRefusalText.js';
import { MerchantEmpty, MerchantPageWait } from '../../merchant/MerchantStates.js';
import { useMerchantData } from '../../merchant/useMerchantData.js';
import { Button, Cell, CellGroup, Input } from '../../ui/nutui.js';
import '../../merchant/merchant.css';

interface ClaimScreen {
  templates: CouponTemplate[];
  codes: ClaimCodeView[];
}

const loadScreen = async (): Promise<ClaimScreen> => {
  const [templates, codes] = await Promise.all([fetchTemplates(), fetchClaimCodes()]);
  return { templates: claimableTemplates(templates), codes };
};

const kindText: Record<ClaimCodeKind, string> = { static: '打印张贴', dynamic: '当面出示' };

/** The QR a customer scans, with what it gives and how many are left. */
const ClaimQrCard = ({ view, templateName }: { view: ClaimCodeView; templateName: string }) => {
  const link = claimLinkOf(apiBaseUrl(), view.code.token);
  const state = claimCodeState(view, Date.now());
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      await saveClaimQrPng(view.code.token);
    } catch (error) {
      void Taro.showToast({ title: merchantRefusalText(error), icon: 'none' });
    } finally {
      setSaving(false);
    }
  };
  return (
    <View className="merchant__card merchant__qr">
      <Text className="merchant__choice-title">{templateName}</Text>
      <Text className="merchant__muted">{`${kindText[view.code.kind]} · ${state.progress} · 每人限领 ${view.code.perDriverLimit} 张`}</Text>
      <Image className="merchant__qr-image" src={qrImageSource(link)} mode="scaleToFill" />
      <Text className="merchant__muted">{`${state.label} · 有效至 ${lotTimeText(view.code.expiresAt)}`}</Text>
      <Text className="merchant__qr-link">{link}</Text>
      <View className="merchant__actions">
        <Button size="small" fill="outline" type="primary" loading={saving} onClick={() => void save()}>
          保存打印版二维码
        </Button>
      </View>
    </View>
  );
};

/** Owners make self-service claim codes and show their QR; the list shows each code's claims. */
const ClaimCodesPage = () => {
  const { staff, loaded, reload } = useMerchantData(useCallback(loadScreen, []));
  const [draft, setDraft] = useState<ClaimCodeDraft | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<string | null>(null);

  if (loaded.state !== 'loaded') return <MerchantPageWait loaded={loaded} text="正在读取领券码…" onRetry={() => void reload()} />;

  const { templates, codes } = loaded.data;
  const isOwner = staff?.role === 'owner';
  const form = draft ?? draftOf('dynamic', templates[0]?.templateId ?? '');
  const update = (change: Partial<ClaimCodeDraft>) => setDraft({ ...form, ...change });
  const nameOf = (templateId: string) => templates.find((template) => template.templateId === templateId)?.name ?? '停车券';
  const shownCode = codes.find((view) => view.code.token === shown);

  const create = async () => {
    const checked = claimCodeRequest(form, Date.now());
    if (!checked.ok) {
      setProblem(checked.problem);
      return;
    }
    setProblem(null);
    setCreating(true);
    try {
      const made = await createClaimCode(checked.request);
      setShown(made.code.token);
      await reload();
    } catch (error) {
      setProblem(merchantRefusalText(error));
    } finally {
      setCreating(false);
    }
  };

  return (
    <View className="page">
      {shownCode && <ClaimQrCard view={shownCode} templateName={nameOf(shownCode.code.templateId)} />}

      {isOwner && templates.length === 0 && <MerchantEmpty title="暂无可自助领取的停车券" description="满额券需核对小票，只能按车牌发放" />}
      {isOwner && templates.length > 0 && (
        <View>
          <Text className="merchant__section-title">生成领券码</Text>
          <View className="merchant__segmented">
            {(['dynamic', 'static'] as const).map((kind) => (
              <View
                key={kind}
                className={`merchant__segment${form.kind === kind ? ' merchant__segment--active' : ''}`}
                onClick={() => setDraft(draftOf(kind, form.templateId))}
              >
                {kind === 'dynamic' ? '动态码（几分钟内有效）' : '静态码（打印张贴）'}
              </View>
            ))}
          </View>
          {templates.map((template) => (
            <View
              key={template.templateId}
              className={`merchant__choice${template.templateId === form.templateId ? ' merchant__choice--active' : ''}`}
              onClick={() => update({ templateId: template.templateId })}
            >
              <Text className="merchant__choice-title">{template.name}</Text>
              <Text className="merchant__choice-note">{templateText(template)}</Text>
            </View>
          ))}
          <CellGroup>
            {(
              [
                ['quota', '发放名额（张）'],
                ['perDriverLimit', '每人限领（张）'],
                ['lifetime', `有效期（${lifetimeUnit[form.kind]}）`],
              ] as const
            ).map(([field, label]) => (
              <Cell key={field}>
                <View className="merchant__field">
                  <Text className="merchant__field-label">{label}</Text>
                  <Input type="number" value={form[field]} onChange={(value) => update({ [field]: value })} />
                </View>
              </Cell>
            ))}
          </CellGroup>
          {problem && <Text className="merchant__error">{problem}</Text>}
          <View className="merchant__actions">
            <Button block type="primary" loading={creating} disabled={creating} onClick={() => void create()}>
              生成领券码
            </Button>
          </View>
        </View>
      )}
      {!isOwner && <Text className="merchant__hint">仅店长可以生成领券码</Text>}

      <Text className="merchant__section-title">已生成的领券码</Text>
      {codes.length === 0 ? (
        <MerchantEmpty title="还没有领券码" description="生成后顾客扫码即可自助领券" />
      ) : (
        codes.map((view) => {
          const state = claimCodeState(view, Date.now());
          return (
            <View key={view.code.token} className="merchant__card" onClick={() => setShown(view.code.token)}>
              <View className="merchant__row">
                <Text className="merchant__choice-title">{nameOf(view.code.templateId)}</Text>
                <Text className={`merchant__badge${state.open ? ' merchant__badge--success' : ''}`}>{state.label}</Text>
              </View>
              <View className="merchant__row">
                <Text className="merchant__muted">{`${kindText[view.code.kind]} · ${state.progress}`}</Text>
                <Text className="merchant__muted">{`至 ${lotTimeText(view.code.expiresAt)}`}</Text>
              </View>
            </View>
          );
        })
      )}
    </View>
  );
};

export default ClaimCodesPage;
