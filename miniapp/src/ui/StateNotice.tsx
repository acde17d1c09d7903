import { Text, View } from '@tarojs/components';
import { Button, Loading } from './nutui.js';
import './StateNotice.css';

/*
 * Loading, empty and error states in one shape, so each list on each page says the same kind
 * of thing the same way. (NutUI's Empty fetches its pictures from a CDN; this draws none.)
 */

export const LoadingNotice = ({ text }: { text: string }) => (
  <View className="state-notice">
    <Loading direction="vertical">{text}</Loading>
  </View>
);

export interface StateNoticeProps {
  kind: 'empty' | 'error';
  title: string;
  description?: string;
  action?: { text: string; onClick: () => void };
}

export const StateNotice = ({ kind, title, description, action }: StateNoticeProps) => (
  <View className={`state-notice state-notice--${kind}`}>
    <Text className="state-notice__mark">{kind === 'error' ? '!' : '○'}</Text>
    <Text className="state-notice__title">{title}</Text>
    {description && <Text className="state-notice__description">{description}</Text>}
    {action && (
      <Button size="small" type="primary" fill="outline" onClick={action.onClick}>
        {action.text}
      </Button>
    )}
  </View>
);
