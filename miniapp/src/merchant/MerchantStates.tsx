import { Text, View } from '@tarojs/components';
import { Button, Loading } from '../ui/nutui.js';
import { Empty } from './merchantUi.js';

/** The waiting, failed and empty states every merchant screen shows the same way. */

export const MerchantLoading = ({ text }: { text: string }) => (
  <View className="merchant__loading">
    <Loading direction="vertical">{text}</Loading>
  </View>
);

export const MerchantFailure = ({ title, message, onRetry }: { title: string; message: string; onRetry: () => void }) => (
  <View className="merchant__card">
    <Empty status="network" title={title} description={message} size="small" />
    <Button block type="primary" fill="outline" onClick={onRetry}>
      重试
    </Button>
  </View>
);

export const MerchantEmpty = ({ title, description }: { title: string; description?: string }) => (
  <View className="merchant__card">
    <Empty status="empty" title={title} description={description ? <Text>{description}</Text> : undefined} size="small" />
  </View>
);
