import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Form, Input } from '../../ui/nutui.js';

interface LoginFields {
  login: string;
  password: string;
}

/** Merchant mode. Staff sign in here; coupon granting and the account follow (issue 7). */
const MerchantHome = () => {
  const [form] = Form.useForm();
  const signIn = (_fields: LoginFields) => {
    Taro.showToast({ title: '商户登录即将开放', icon: 'none' });
  };

  return (
    <View className="page">
      <Text className="page__title">商户中心</Text>
      <Text className="page__subtitle">为顾客发放停车券，管理余额与账单</Text>

      {/* form.submit() on click rather than a submit button: Taro's h5 button submits only on touch. */}
      <Form
        form={form}
        labelPosition="left"
        onFinish={signIn}
        footer={
          <Button block type="primary" onClick={() => form.submit()}>
            登录
          </Button>
        }
      >
        <Form.Item label="账号" name="login" rules={[{ required: true, message: '请输入商户账号' }]}>
          <Input placeholder="商户账号" type="text" />
        </Form.Item>
        <Form.Item
          label="密码"
          name="password"
          rules={[
            { required: true, message: '请输入密码' },
            { min: 6, message: '密码至少 6 位' },
          ]}
        >
          <Input placeholder="密码" type="password" />
        </Form.Item>
      </Form>
    </View>
  );
};

export default MerchantHome;
