import { useEffect, useReducer } from 'react';
import { Text, View } from '@tarojs/components';
import {
  alphanumericPanel,
  checkTypedPlate,
  initialKeyboard,
  isKeyEnabled,
  maxPlateLength,
  plateKeyboard,
  provincePanel,
  type KeyboardState,
} from './plateKeyboardState.js';
import './PlateKeyboard.css';

export interface PlateKeyboardProps {
  /** A plate to start from (the last one typed, or one picked). */
  initial?: string;
  /** Every change of the typed text. */
  onChange: (text: string) => void;
}

/** The typed characters in their boxes; the eighth box is for new-energy plates. */
export const PlateBoxes = ({ text }: { text: string }) => {
  const boxes = Array.from(text);
  const last = maxPlateLength - 1;
  return (
    <View className="plate-boxes">
      {Array.from({ length: maxPlateLength }, (_, index) => (
        <View
          key={index}
          className={`plate-box${index === boxes.length ? ' plate-box--current' : ''}${index === last ? ' plate-box--new-energy' : ''}`}
        >
          {boxes[index] === undefined && index === last ? (
            <Text className="plate-box__placeholder">新能源</Text>
          ) : (
            <Text className="plate-box__char">{boxes[index] ?? ''}</Text>
          )}
        </View>
      ))}
    </View>
  );
};

/** The keys of the current panel; a key that cannot lead to a plate is shown but does nothing. */
export const PlateKeys = ({ state, dispatch }: { state: KeyboardState; dispatch: (action: Parameters<typeof plateKeyboard>[1]) => void }) => {
  const rows = state.panel === 'province' ? provincePanel : alphanumericPanel;
  return (
    <View className="plate-keys">
      {rows.map((row) => (
        <View key={row.join('')} className="plate-keys__row">
          {row.map((key) => {
            const enabled = isKeyEnabled(state, key);
            return (
              <View
                key={key}
                className={`plate-key${enabled ? '' : ' plate-key--disabled'}${key.length > 1 ? ' plate-key--wide' : ''}`}
                onClick={() => enabled && dispatch({ type: 'press', key })}
              >
                {key}
              </View>
            );
          })}
        </View>
      ))}
      <View className="plate-keys__row">
        <View className="plate-key plate-key--action" onClick={() => dispatch({ type: 'switchPanel' })}>
          {state.panel === 'province' ? 'ABC' : '省份'}
        </View>
        <View className="plate-key plate-key--action" onClick={() => dispatch({ type: 'clear' })}>
          清空
        </View>
        <View className="plate-key plate-key--action plate-key--delete" onClick={() => dispatch({ type: 'delete' })}>
          删除
        </View>
      </View>
    </View>
  );
};

/** A Chinese plate typed without the phone's keyboard: province first, then letters and digits. */
export const PlateKeyboard = ({ initial = '', onChange }: PlateKeyboardProps) => {
  const [state, dispatch] = useReducer(plateKeyboard, initial, initialKeyboard);
  const check = checkTypedPlate(state.text);
  useEffect(() => onChange(state.text), [state.text, onChange]);
  return (
    <View className="plate-keyboard">
      <PlateBoxes text={state.text} />
      <Text className={`plate-keyboard__hint${check.complete ? ' plate-keyboard__hint--ok' : ''}`}>{check.hint}</Text>
      <PlateKeys state={state} dispatch={dispatch} />
    </View>
  );
};
