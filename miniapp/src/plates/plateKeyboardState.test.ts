import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { platesOfKind } from '../../../shared/plates/plateArbitraries.js';
import {
  alphanumericPanel,
  canLeadToPlate,
  checkTypedPlate,
  initialKeyboard,
  isKeyEnabled,
  plateKeyboard,
  provinceKeys,
  provincePanel,
  type KeyboardAction,
  type KeyboardState,
} from './plateKeyboardState.js';

const allKeys = [...provincePanel.flat(), ...alphanumericPanel.flat()];

/** Presses the keys that spell `plate`, as a driver would (应急 is one key). */
const keysOf = (plate: string): string[] => {
  const chars = Array.from(plate);
  return plate.endsWith('应急') ? [...chars.slice(0, -2), '应急'] : chars;
};

const type = (keys: readonly string[], from: KeyboardState = initialKeyboard()): KeyboardState =>
  keys.reduce((state, key) => plateKeyboard(state, { type: 'press', key }), from);

describe('the plate keyboard', () => {
  it('offers every province shared/plates knows first, then letters and digits without I and O', () => {
    expect(initialKeyboard().panel).toBe('province');
    expect(provinceKeys.join('')).toBe('京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼');
    expect(provincePanel.flat()).toContain('使');
    const letters = alphanumericPanel.flat().filter((key) => /^[A-Z]$/.test(key));
    expect(letters.sort().join('')).toBe('ABCDEFGHJKLMNPQRSTUVWXYZ');
    expect(alphanumericPanel.flat()).toEqual(expect.arrayContaining(['警', '学', '领', '使', '应急']));
  });

  it('types 粤B12345 key by key: province, then letters, and knows it is a plate', () => {
    const afterProvince = type(['粤']);
    expect(afterProvince).toEqual({ text: '粤', panel: 'alphanumeric' });
    // The issuing authority is a letter: digits wait until after it.
    expect(isKeyEnabled(afterProvince, '1')).toBe(false);
    expect(isKeyEnabled(afterProvince, 'B')).toBe(true);
    const typed = type(['粤', 'B', '1', '2', '3', '4', '5']);
    expect(typed.text).toBe('粤B12345');
    expect(checkTypedPlate(typed.text)).toMatchObject({ complete: true, hint: '车牌 粤B12345' });
  });

  it('takes an eighth character for a new-energy plate, and no ninth', () => {
    const small = type(keysOf('粤BD12345'));
    expect(small.text).toBe('粤BD12345');
    expect(checkTypedPlate(small.text)).toMatchObject({ complete: true, hint: '新能源车牌 粤BD12345' });
    expect(type(['9'], small)).toEqual(small);
    const large = type(keysOf('粤B12345D'));
    expect(checkTypedPlate(large.text).plate.kind).toBe('newEnergy');
    // Only a new-energy mark may follow five digits.
    expect(isKeyEnabled(type(keysOf('粤B12345')), 'Z')).toBe(false);
  });

  it('offers the suffix keys only where a special plate has them', () => {
    const four = type(keysOf('京A1234'));
    expect(['警', '学', '挂', '港', '澳', '领', '试', '应急'].every((key) => isKeyEnabled(four, key))).toBe(true);
    expect(isKeyEnabled(type(keysOf('京A12')), '警')).toBe(false);
    expect(checkTypedPlate(type([...keysOf('京A1234'), '警']).text)).toMatchObject({ complete: true, hint: '警用车牌 京A1234警' });
    expect(type([...keysOf('京A1234'), '应急']).text).toBe('京A1234应急');
  });

  it('deletes one character at a time (应急 as it was typed), back to the provinces when empty', () => {
    const actions: KeyboardAction[] = [{ type: 'delete' }, { type: 'delete' }];
    const emergency = type([...keysOf('京A1234'), '应急']);
    expect(plateKeyboard(emergency, { type: 'delete' }).text).toBe('京A1234');
    const back = actions.reduce(plateKeyboard, type(['粤', 'B']));
    expect(back).toEqual({ text: '', panel: 'province' });
    expect(plateKeyboard(back, { type: 'delete' })).toEqual(back);
  });

  it('switches panels by hand for plates that start with letters or digits', () => {
    const letters = plateKeyboard(initialKeyboard(), { type: 'switchPanel' });
    expect(letters.panel).toBe('alphanumeric');
    const wj = type(['W', 'J'], letters);
    // WJ may be followed by a province: the provinces come back.
    expect(wj.panel).toBe('province');
    expect(checkTypedPlate(type(keysOf('京12345'), wj).text)).toMatchObject({ complete: true, hint: '武警车牌 WJ京12345' });
  });

  it('starts from a picked plate and clears', () => {
    expect(plateKeyboard(initialKeyboard(), { type: 'set', text: '粤B12345' })).toEqual({ text: '粤B12345', panel: 'alphanumeric' });
    expect(plateKeyboard(type(['粤', 'B']), { type: 'clear' })).toEqual({ text: '', panel: 'province' });
  });

  it('says what is missing or wrong before the plate is complete', () => {
    expect(checkTypedPlate('').hint).toBe('请先选择省份简称');
    expect(checkTypedPlate('粤B123').hint).toBe('请继续输入车牌');
    expect(checkTypedPlate('粤1').hint).toBe('车牌格式不正确，请检查');
  });

  it('can type every plate shared/plates accepts that avoids I and O, and only enabled keys get there', () => {
    const typeable = fc
      .oneof(...Object.entries(platesOfKind).filter(([kind]) => kind !== 'temporary').map(([, plates]) => plates))
      .filter((plate) => !/[IO]/.test(plate));
    fc.assert(
      fc.property(typeable, (plate) => {
        let state = initialKeyboard();
        for (const key of keysOf(plate)) {
          expect(allKeys).toContain(key);
          expect(isKeyEnabled(state, key)).toBe(true);
          state = plateKeyboard(state, { type: 'press', key });
        }
        expect(state.text).toBe(plate);
        expect(checkTypedPlate(state.text).complete).toBe(true);
      }),
    );
  });

  it('never lets random key presses stray from the way to a plate', () => {
    const action: fc.Arbitrary<KeyboardAction> = fc.oneof(
      fc.constantFrom(...allKeys).map((key) => ({ type: 'press' as const, key })),
      fc.constant({ type: 'delete' as const }),
      fc.constant({ type: 'switchPanel' as const }),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 40 }), (actions) => {
        const state = actions.reduce(plateKeyboard, initialKeyboard());
        expect(Array.from(state.text).length).toBeLessThanOrEqual(8);
        expect(canLeadToPlate(state.text)).toBe(true);
        expect(checkTypedPlate(state.text).hint).not.toBe('车牌格式不正确，请检查');
      }),
    );
  });
});
