import Taro from '@tarojs/taro';

/*
 * The lot of the code the driver scanned last: home shows the current stay of the bound plates
 * there, also when the app is opened later without a code.
 */
const lastLotKey = 'parkade.lastLot';

export const rememberLot = (lotId: string): void => {
  if (lotId !== '') Taro.setStorageSync(lastLotKey, lotId);
};

export const lastLot = (): string | null => {
  const kept: unknown = Taro.getStorageSync(lastLotKey);
  return typeof kept === 'string' && kept !== '' ? kept : null;
};
