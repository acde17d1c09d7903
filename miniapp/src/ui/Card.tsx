import type { PropsWithChildren, ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import './Card.css';

/** A white section of a page with its title and an optional link on the right. */
export const Card = ({ title, extra, children }: PropsWithChildren<{ title: string; extra?: ReactNode }>) => (
  <View className="card">
    <View className="card__head">
      <Text className="card__title">{title}</Text>
      {extra}
    </View>
    {children}
  </View>
);
