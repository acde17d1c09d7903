/**
 * NutUI components of merchant mode beyond those ui/nutui.ts gives every page, imported the
 * same way (each from its own folder, with its style).
 */
import '@nutui/nutui-react-taro/dist/es/packages/empty/style/css';

export { default as Empty } from '@nutui/nutui-react-taro/dist/es/packages/empty/index';
