import type { PropsWithChildren } from 'react';
import './app.css';

/** The app shell: pages render inside it. Launch-time work (login, scan context) joins here later. */
const App = ({ children }: PropsWithChildren) => children;

export default App;
