import type { ReactNode } from 'react';
import type { BoundPlates } from '../api/driverAccount.js';
import { Loadable } from '../ui/Loadable.js';
import type { Loaded } from '../ui/useLoad.js';

export interface BoundPlatesLoadableProps {
  plates: Loaded<BoundPlates>;
  onRetry: () => void;
  onAdd: () => void;
  /** How many cars there are to show (home adds the driver's no-plate cars). */
  count: number;
  /** Why the driver should add a plate here. */
  why: string;
  children: () => ReactNode;
}

/** The driver's cars, or the invitation to add the first plate. */
export const BoundPlatesLoadable = ({ plates, onRetry, onAdd, count, why, children }: BoundPlatesLoadableProps) => (
  <Loadable loaded={plates} what="车辆" onRetry={onRetry} empty={{ when: () => count === 0, title: '还没有绑定车牌', description: why, action: { text: '添加车牌', onClick: onAdd } }}>
    {children}
  </Loadable>
);
