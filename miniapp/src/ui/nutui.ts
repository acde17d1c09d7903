/**
 * The NutUI components the app uses, with their styles. Each is imported from its own folder
 * rather than the package's barrel, which would make webpack parse all ~100 components on every
 * build; pages import components from here only.
 */
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/form/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/resultpage/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';

export { default as Button } from '@nutui/nutui-react-taro/dist/es/packages/button/index';
export { default as Cell } from '@nutui/nutui-react-taro/dist/es/packages/cell/index';
export { default as CellGroup } from '@nutui/nutui-react-taro/dist/es/packages/cellgroup/index';
export { default as Form } from '@nutui/nutui-react-taro/dist/es/packages/form/index';
export { default as Input } from '@nutui/nutui-react-taro/dist/es/packages/input/index';
export { default as Loading } from '@nutui/nutui-react-taro/dist/es/packages/loading/index';
export { default as Popup } from '@nutui/nutui-react-taro/dist/es/packages/popup/index';
export { default as ResultPage } from '@nutui/nutui-react-taro/dist/es/packages/resultpage/index';
export { default as Tag } from '@nutui/nutui-react-taro/dist/es/packages/tag/index';
