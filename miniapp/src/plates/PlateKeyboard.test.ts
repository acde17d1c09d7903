import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { PlateBoxes, PlateKeyboard, PlateKeys } from './PlateKeyboard.js';
import { initialKeyboard, plateKeyboard } from './plateKeyboardState.js';

vi.mock('@tarojs/components', () => import('../ui/htmlComponents.test-support.js'));

const html = (element: ReturnType<typeof createElement>) => renderToStaticMarkup(element);
const keysIn = (markup: string) => [...markup.matchAll(/<div class="plate-key( plate-key--[a-z-]+)*">([^<]+)<\/div>/g)].map((match) => ({ key: match[2], enabled: !match[0].includes('plate-key--disabled') }));

describe('PlateKeyboard as the driver sees it', () => {
  it('opens on the province characters, then the panel switch, clear and delete', () => {
    const keys = keysIn(html(createElement(PlateKeyboard, { onChange: () => undefined })));
    expect(keys.slice(0, 4).map(({ key }) => key)).toEqual(['京', '津', '沪', '渝']);
    expect(keys.map(({ key }) => key).slice(-3)).toEqual(['ABC', '清空', '删除']);
    expect(keys.every(({ enabled }) => enabled)).toBe(true);
  });

  it('shows letters and digits after the province, digits greyed out until the issuing letter', () => {
    const state = plateKeyboard(initialKeyboard(), { type: 'press', key: '粤' });
    const keys = keysIn(html(createElement(PlateKeys, { state, dispatch: () => undefined })));
    expect(keys.find(({ key }) => key === 'B')).toEqual({ key: 'B', enabled: true });
    expect(keys.find(({ key }) => key === '1')).toEqual({ key: '1', enabled: false });
    expect(keys.some(({ key }) => key === 'I' || key === 'O')).toBe(false);
    expect(keys.at(-3)?.key).toBe('省份');
  });

  it('puts each typed character in its box, the eighth box waiting for a new-energy plate', () => {
    const boxes = (text: string) => [...html(createElement(PlateBoxes, { text })).matchAll(/<span class="plate-box__(char|placeholder)">([^<]*)<\/span>/g)].map((match) => match[2]);
    expect(boxes('粤B12345')).toEqual(['粤', 'B', '1', '2', '3', '4', '5', '新能源']);
    expect(boxes('粤BD12345')).toEqual(['粤', 'B', 'D', '1', '2', '3', '4', '5']);
    expect(html(createElement(PlateBoxes, { text: '粤B' }))).toMatch(/plate-box plate-box--current"><span class="plate-box__char"><\/span>/);
  });

  it('tells the driver whether the plate is complete', () => {
    expect(html(createElement(PlateKeyboard, { initial: '粤BD12345', onChange: () => undefined }))).toContain('<span class="plate-keyboard__hint plate-keyboard__hint--ok">新能源车牌 粤BD12345</span>');
    expect(html(createElement(PlateKeyboard, { initial: '粤B12', onChange: () => undefined }))).toContain('请继续输入车牌');
  });
});
