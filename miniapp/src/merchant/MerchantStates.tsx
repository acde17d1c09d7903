import { Text, View } from '@tarojs/components';
import { Button, Loading } from '../ui/nutui.js';
import { Empty } from './merchantUi.js';
import type { Loaded } from './useMerchantData.js';

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

/** A whole page not loaded yet: its spinner, or why it failed with a retry. */
export const MerchantPageWait = ({ loaded, text, onRetry }: { loaded: Exclude<Loaded<unknown>, { state: 'loaded' }>; text: string; onRetry: () => void }) =>
  loaded.state === 'loading' ? (
    <MerchantLoading text={text} />
  ) : (
    <View className="page">
      <MerchantFailure title="读取失败" message={loaded.message} onRetry={onRetry} />
    </View>
  );
