import { Text, View } from '@tarojs/components';
import './BarrierOpening.css';

/** A barrier arm lifting: what the driver should see happen at the lane. */
export const BarrierOpening = ({ caption }: { caption: string }) => (
  <View className="barrier">
    <View className="barrier__scene">
      <View className="barrier__post" />
      <View className="barrier__arm" />
    </View>
    <Text className="barrier__caption">{caption}</Text>
  </View>
);
