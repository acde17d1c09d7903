/** fast-check generators of valid, normalised plates of every kind, for the plate tests. */
import fc from 'fast-check';
import type { PlateKind } from './classifyPlate.js';

const chars = (text: string) => fc.constantFrom(...Array.from(text));
const join = (...parts: fc.Arbitrary<string>[]) => fc.tuple(...parts).map((values) => values.join(''));
const repeat = (arb: fc.Arbitrary<string>, count: number) =>
  fc.array(arb, { minLength: count, maxLength: count }).map((values) => values.join(''));

const province = chars('京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼');
const letter = chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const serial = chars('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789');
const digit = chars('0123456789');
const newEnergyMark = chars('DABCEFGHJK');
const civil = (suffix: string) => join(province, letter, repeat(serial, 4), fc.constant(suffix));

export const platesOfKind: Record<PlateKind, fc.Arbitrary<string>> = {
  standard: join(province, letter, repeat(serial, 5)),
  newEnergy: fc.oneof(
    join(province, letter, newEnergyMark, serial, repeat(digit, 4)),
    join(province, letter, repeat(digit, 5), newEnergyMark),
  ),
  police: civil('警'),
  coach: civil('学'),
  trailer: civil('挂'),
  hongKong: civil('港'),
  macau: civil('澳'),
  consulate: civil('领'),
  test: civil('试'),
  emergency: civil('应急'),
  embassy: fc.oneof(join(fc.constant('使'), repeat(digit, 6)), join(repeat(digit, 6), fc.constant('使'))),
  military: join(letter, letter, repeat(digit, 5)).filter((plate) => !plate.startsWith('WJ')),
  armedPolice: join(fc.constant('WJ'), fc.option(province, { nil: '' }), repeat(serial, 5)),
  temporary: join(fc.constant('临'), repeat(serial, 6)),
};

export const plateWithKind: fc.Arbitrary<{ plate: string; kind: PlateKind }> = fc.oneof(
  ...Object.entries(platesOfKind).map(([kind, arb]) => arb.map((plate) => ({ plate, kind: kind as PlateKind }))),
);

/** The plates cars at a lot mostly carry. */
export const roadPlate = fc.oneof(platesOfKind.standard, platesOfKind.newEnergy);
