import type { ReactNode } from 'react';
import { LoadingNotice, StateNotice, type StateNoticeProps } from './StateNotice.js';
import type { Loaded } from './useLoad.js';

export interface LoadableProps<T> {
  loaded: Loaded<T>;
  /** What is loaded, for its sentences: "车辆" → "正在加载车辆…", "车辆加载失败". */
  what: string;
  onRetry: () => void;
  /** What to say instead of the content when it has nothing to show. */
  empty?: Omit<StateNoticeProps, 'kind'> & { when: (value: T) => boolean };
  children: (value: T) => ReactNode;
}

/** Loaded content, or the loading, failed (with a retry) or empty state in the app's words. */
export const Loadable = <T,>({ loaded, what, onRetry, empty, children }: LoadableProps<T>) => {
  if (loaded.state === 'loading') return <LoadingNotice text={`正在加载${what}…`} />;
  if (loaded.state === 'failed') return <StateNotice kind="error" title={`${what}加载失败`} description={loaded.message} action={{ text: '重试', onClick: onRetry }} />;
  if (empty?.when(loaded.value)) {
    return <StateNotice kind="empty" title={empty.title} description={empty.description} action={empty.action} />;
  }
  return <>{children(loaded.value)}</>;
};
