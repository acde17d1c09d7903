import { useState } from 'react';
import { View } from '@tarojs/components';
import { Button, Popup } from '../ui/nutui.js';
import { PlateKeyboard } from './PlateKeyboard.js';
import { checkTypedPlate } from './plateKeyboardState.js';

export interface PlatePopupProps {
  visible: boolean;
  title: string;
  confirmText: string;
  busy?: boolean;
  onConfirm: (plate: string) => void;
  onClose: () => void;
}

/** The plate keyboard sliding up from the bottom, with one action for the finished plate. */
export const PlatePopup = ({ visible, title, confirmText, busy = false, onConfirm, onClose }: PlatePopupProps) => {
  const [text, setText] = useState('');
  const check = checkTypedPlate(text);
  return (
    <Popup visible={visible} position="bottom" round closeable title={title} onClose={onClose} destroyOnClose>
      <View className="plate-popup">
        <PlateKeyboard onChange={setText} />
        <View className="plate-popup__action">
          <Button block type="primary" disabled={!check.complete || busy} loading={busy} onClick={() => onConfirm(check.plate.normalized)}>
            {confirmText}
          </Button>
        </View>
      </View>
    </Popup>
  );
};
