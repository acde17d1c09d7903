// Relative rather than @shared/: vitest's unit project has no alias for it.
import { parsePlate, type ParsedPlate } from '../../../shared/plates/parsePlate.js';
import type { PlateKind } from '../../../shared/plates/classifyPlate.js';

/*
 * The plate keyboard's logic, free of Taro and React so that it is tested on its own. Typing a
 * Chinese plate on a phone's keyboard means switching between Chinese and Latin input; this
 * keyboard instead offers province characters first, then letters and digits (never I or O,
 * which plates do not use), and enables only the keys that can still lead to a plate shared/plates
 * accepts. Whether the finished text is a plate is shared/plates' parsePlate, never decided here.
 */

export const provinceKeys = Array.from('京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼');
/** Embassy plates start with 使; the letters (military, WJ) are on the other panel. */
export const provincePanel: readonly (readonly string[])[] = [
  provinceKeys.slice(0, 8),
  provinceKeys.slice(8, 16),
  provinceKeys.slice(16, 24),
  [...provinceKeys.slice(24), '使'],
];

export const alphanumericPanel: readonly (readonly string[])[] = [
  Array.from('1234567890'),
  Array.from('QWERTYUP'),
  Array.from('ASDFGHJKL'),
  Array.from('ZXCVBNM'),
  // Suffixes of special plates; 应急 is one key for the two characters.
  ['警', '学', '挂', '港', '澳', '领', '试', '使', '应急'],
];

/** The longest plates (new energy, emergency, WJ with a province) have 8 characters. */
export const maxPlateLength = 8;

type Slot = string;
const province = provinceKeys.join('');
const letter = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const serial = `${letter}0123456789`;
const digit = '0123456789';
const newEnergyMark = 'DABCEFGHJK';
const civil: Slot[] = [province, letter];
const fixed = (text: string): Slot[] => Array.from(text);
const times = (slot: Slot, count: number): Slot[] => Array.from({ length: count }, () => slot);

/**
 * Every plate shape of shared/plates (classifyPlate), one character class per position, for
 * what may come next. Temporary plates (临…) are issued by the system, never typed.
 */
const shapes: readonly Slot[][] = [
  [...civil, ...times(serial, 5)],
  [...civil, newEnergyMark, serial, ...times(digit, 4)],
  [...civil, ...times(digit, 5), newEnergyMark],
  ...['警', '学', '挂', '港', '澳', '领', '试', '应急'].map((suffix) => [...civil, ...times(serial, 4), ...fixed(suffix)]),
  ['使', ...times(digit, 6)],
  [...times(digit, 6), '使'],
  ['W', 'J', ...times(serial, 5)],
  ['W', 'J', province, ...times(serial, 5)],
  [letter, letter, ...times(digit, 5)],
];

/** Whether some plate shape starts with `text`. */
export const canLeadToPlate = (text: string): boolean => {
  const chars = Array.from(text);
  return shapes.some((shape) => chars.length <= shape.length && chars.every((char, index) => shape[index]!.includes(char)));
};

export type Panel = 'province' | 'alphanumeric';

export interface KeyboardState {
  /** The plate typed so far, as the driver sees it. */
  text: string;
  panel: Panel;
}

export type KeyboardAction =
  | { type: 'press'; key: string }
  | { type: 'delete' }
  | { type: 'clear' }
  | { type: 'switchPanel' }
  /** Start from a plate (a bound one picked, or the last one typed). */
  | { type: 'set'; text: string };

/** The panel a text calls for: provinces at the start (and after WJ), letters and digits otherwise. */
const panelFor = (text: string): Panel => (text === '' || text === 'WJ' ? 'province' : 'alphanumeric');

export const initialKeyboard = (text = ''): KeyboardState => {
  const kept = Array.from(text).slice(0, maxPlateLength).join('');
  return { text: kept, panel: panelFor(kept) };
};

/** Whether pressing `key` now keeps the text on its way to a plate. */
export const isKeyEnabled = (state: KeyboardState, key: string): boolean => {
  const next = state.text + key;
  return Array.from(next).length <= maxPlateLength && canLeadToPlate(next);
};

export const plateKeyboard = (state: KeyboardState, action: KeyboardAction): KeyboardState => {
  switch (action.type) {
    case 'press': {
      if (!isKeyEnabled(state, action.key)) return state;
      const text = state.text + action.key;
      return { text, panel: panelFor(text) };
    }
    case 'delete': {
      // 应急 came in as one key and leaves as one.
      const text = state.text.endsWith('应急') ? state.text.slice(0, -2) : Array.from(state.text).slice(0, -1).join('');
      return { text, panel: panelFor(text) };
    }
    case 'clear':
      return initialKeyboard();
    case 'switchPanel':
      return { ...state, panel: state.panel === 'province' ? 'alphanumeric' : 'province' };
    case 'set':
      return initialKeyboard(action.text);
  }
};

const kindNames: Partial<Record<PlateKind, string>> = {
  newEnergy: '新能源',
  police: '警用',
  coach: '教练车',
  trailer: '挂车',
  hongKong: '港牌',
  macau: '澳牌',
  consulate: '领馆',
  test: '试验车',
  emergency: '应急车辆',
  embassy: '使馆',
  military: '军车',
  armedPolice: '武警',
};

export interface PlateCheck {
  plate: ParsedPlate;
  /** What to tell the driver under the plate boxes. */
  hint: string;
  complete: boolean;
}

/** The typed text judged by shared/plates. */
export const checkTypedPlate = (text: string): PlateCheck => {
  const plate = parsePlate(text);
  if (plate.valid) {
    const kind = plate.kind === null ? undefined : kindNames[plate.kind];
    return { plate, hint: kind ? `${kind}车牌 ${plate.normalized}` : `车牌 ${plate.normalized}`, complete: true };
  }
  if (text === '') return { plate, hint: '请先选择省份简称', complete: false };
  return { plate, hint: canLeadToPlate(text) ? '请继续输入车牌' : '车牌格式不正确，请检查', complete: false };
};
