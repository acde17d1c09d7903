/**
 * Plain HTML in place of Taro's components (web components on h5, native views in WeChat), so
 * that component tests render with react-dom/server in node:
 * `vi.mock('@tarojs/components', () => import('../ui/htmlComponents.test-support.js'))`.
 */
import { createElement, type ReactNode } from 'react';

const tag = (name: string) => (props: { className?: string; children?: ReactNode }) => createElement(name, { className: props.className }, props.children);

export const View = tag('div');
export const Text = tag('span');
