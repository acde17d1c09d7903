import { useCallback, useRef, useState } from 'react';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan } from '@shared/money/fen.js';
import { accountLines } from '../../merchant/accountSummary.js';
import { fetchAccount } from '../../merchant/merchantApi.js';
import { merchantRefusalText } from '../../merchant/merchantRefusalText.js';
import { MerchantFailure, MerchantLoading } from '../../merchant/MerchantStates.js';
import { currentStaff, signInStaff, signOutStaff, type StaffSession } from '../../merchant/staffSession.js';
import { useMerchantData } from '../../merchant/useMerchantData.js';
import { Button, Form, Input } from '../../ui/nutui.js';
import '../../merchant/merchant.css';

interface LoginFields {
  login: string;
  password: string;
}

const driverHome = '/pages/index/index';

const MerchantLogin = ({ onSignedIn }: { onSignedIn: (staff: StaffSession) => void }) => {
  const [form] = Form.useForm();
  const [signingIn, setSigningIn] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  const signIn = async ({ login, password }: LoginFields) => {
    setSigningIn(true);
    setRefusal(null);
    try {
      onSignedIn(await signInStaff(login.trim(), password));
    } catch (error) {
      setRefusal(merchantRefusalText(error, 'login'));
      setSigningIn(false);
    }
  };

  return (
    <View className="page">
      <Text className="page__title">商户登录</Text>
      <Text className="page__subtitle">为顾客发放停车券，管理余额与账单</Text>

      {/* form.submit() on click rather than a submit button: Taro's h5 button submits only on touch. */}
      <Form
        form={form}
        labelPosition="left"
        onFinish={(fields: LoginFields) => void signIn(fields)}
        footer={
          <Button block type="primary" loading={signingIn} disabled={signingIn} onClick={() => form.submit()}>
            登录
          </Button>
        }
      >
        <Form.Item label="账号" name="login" rules={[{ required: true, message: '请输入商户账号' }]}>
          <Input placeholder="商户账号" type="text" />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
          <Input placeholder="密码" type="password" />
        </Form.Item>
      </Form>
      {refusal && <Text className="merchant__error">{refusal}</Text>}

      <View className="merchant__actions">
        <Button block fill="none" onClick={() => void Taro.reLaunch({ url: driverHome })}>
          返回车主模式
        </Button>
      </View>
    </View>
  );
};

const menu = [
  { title: '按车牌发券', note: '给顾客的车发停车券', url: '/pages/merchant-grant/index', ownerOnly: false },
  { title: '领券二维码', note: '顾客扫码自助领券', url: '/pages/merchant-claim-codes/index', ownerOnly: true },
  { title: '发券记录', note: '今天及往日的发券，可撤销', url: '/pages/merchant-grants/index', ownerOnly: false },
  { title: '月度账单', note: '充值、核销与应付金额', url: '/pages/merchant-statement/index', ownerOnly: false },
];

const MerchantDashboard = ({ onSignedOut }: { onSignedOut: () => void }) => {
  const load = useCallback(fetchAccount, []);
  const { staff, loaded, reload } = useMerchantData(load);
  // Back from granting or revoking: the balance has moved.
  const away = useRef(false);
  useDidHide(() => void (away.current = true));
  useDidShow(() => {
    if (away.current) void reload();
    away.current = false;
  });

  const signOut = async () => {
    const { confirm } = await Taro.showModal({ title: '退出商户登录？', content: '退出后需重新输入账号和密码' });
    if (!confirm) return;
    signOutStaff();
    onSignedOut();
  };

  if (staff === null) return null;
  return (
    <View className="page">
      <Text className="page__title">商户中心</Text>
      <View className="merchant__who">
        <Text>
          {staff.login} <Text className="merchant__badge merchant__badge--primary">{staff.role === 'owner' ? '店长' : '店员'}</Text>
        </Text>
        <Text className="merchant__muted" onClick={() => void signOut()}>
          退出登录
        </Text>
      </View>

      {loaded.state === 'loading' && <MerchantLoading text="正在读取账户…" />}
      {loaded.state === 'failed' && <MerchantFailure title="账户读取失败" message={loaded.message} onRetry={() => void reload()} />}
      {loaded.state === 'loaded' && (
        <View className="merchant__card merchant__account">
          <Text className="merchant__account-label">可用额度（余额 − 冻结 + 授信）</Text>
          <Text className="merchant__account-available">{formatYuan(loaded.data.availableFen)}</Text>
          <View className="merchant__account-grid">
            {accountLines(loaded.data).map((line) => (
              <View key={line.label} className="merchant__account-cell">
                <Text className="merchant__account-label">{line.label}</Text>
                <Text className="merchant__account-value">{line.value}</Text>
              </View>
            ))}
          </View>
        </View>
      )}

      <View className="merchant__menu">
        {menu.map((item) => {
          const allowed = !item.ownerOnly || staff.role === 'owner';
          return (
            <View
              key={item.url}
              className="merchant__menu-item"
              onClick={() => (allowed ? void Taro.navigateTo({ url: item.url }) : void Taro.showToast({ title: '仅店长可以管理领券二维码', icon: 'none' }))}
            >
              <Text className="merchant__menu-title">{item.title}</Text>
              <Text className="merchant__menu-note">{allowed ? item.note : '仅店长可用'}</Text>
            </View>
          );
        })}
      </View>

      <Button block fill="outline" type="primary" onClick={() => void Taro.reLaunch({ url: driverHome })}>
        切换到车主模式
      </Button>
    </View>
  );
};

/** Merchant mode: the staff login, then the merchant's home (account and what staff can do). */
const MerchantHome = () => {
  const [staff, setStaff] = useState(currentStaff);
  return staff === null ? <MerchantLogin onSignedIn={setStaff} /> : <MerchantDashboard onSignedOut={() => setStaff(null)} />;
};

export default MerchantHome;
