import { Text, View } from '@tarojs/components';
import type { DriverQuote } from '../api/driverPayments.js';
import { feeBreakdown, graceNote } from './feeBreakdown.js';
import './FeeBreakdownCard.css';

export interface FeeBreakdownProps {
  quote: DriverQuote;
}

/** The quote's working: entry, duration, gross, each discount and payment, what is due, and the grace. */
export const FeeBreakdownCard = ({ quote }: FeeBreakdownProps) => {
  const lines = feeBreakdown(quote);
  return (
    <View className="fee-breakdown">
      <Text className="fee-breakdown__title">费用明细</Text>
      {lines.map((line, index) => {
        const kind = index === lines.length - 1 ? 'due' : line.value.startsWith('-') ? 'minus' : 'plain';
        return (
          <View key={line.label} className={`fee-line fee-line--${kind}`}>
            <Text className="fee-line__label">{line.label}</Text>
            <Text className="fee-line__value">{line.value}</Text>
          </View>
        );
      })}
      <Text className="fee-breakdown__note">{graceNote(quote)}</Text>
    </View>
  );
};
