import Taro from '@tarojs/taro';
import { ResultPage } from '../ui/nutui.js';

/** A page opened without its code, or with a damaged one: what to scan instead. */
export const UnreadableCode = ({ title, description }: { title: string; description: string }) => (
  <ResultPage status="warning" title={title} description={description} actions={[{ text: '返回首页', type: 'primary', onClick: () => void Taro.reLaunch({ url: '/pages/index/index' }) }]} />
);
