import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { driverToken } from './auth/driverLogin.js';
import './app.css';

/** The app shell: pages render inside it. The driver signs in at launch so the first lookup is quick. */
const App = ({ children }: PropsWithChildren) => {
  useLaunch(() => {
    // A failed sign-in is retried by the first call that needs the token, which reports it.
    driverToken().catch(() => undefined);
  });
  return children;
};

export default App;
