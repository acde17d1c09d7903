/** The one react-dom/server function the component tests use (the repository has no @types/react-dom). */
declare module 'react-dom/server' {
  import type { ReactElement } from 'react';

  export function renderToStaticMarkup(element: ReactElement): string;
}
