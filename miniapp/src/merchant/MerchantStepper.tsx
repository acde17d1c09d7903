import { Text, View } from '@tarojs/components';
import { Button } from '../ui/nutui.js';

/** ‹ earlier · label · later ›: the day of the grants, the month of the statement. */
export const MerchantStepper = ({
  label,
  earlier,
  later,
  onEarlier,
  onLater,
  atLatest,
}: {
  label: string;
  earlier: string;
  later: string;
  onEarlier: () => void;
  onLater: () => void;
  /** Nothing later to see (today, this month). */
  atLatest: boolean;
}) => (
  <View className="merchant__stepper">
    <Button size="small" fill="none" onClick={onEarlier}>
      {`‹ ${earlier}`}
    </Button>
    <Text className="merchant__stepper-label">{label}</Text>
    <Button size="small" fill="none" disabled={atLatest} onClick={onLater}>
      {`${later} ›`}
    </Button>
  </View>
);
