// The field a risky change's organization slug is typed into. Ink hands a paste to useInput as
// ONE input string ("acme\r": the text and the Enter together, key.return false), which
// @inkjs/ui's TextInput inserts as text, losing the Enter. This field reads the input character
// by character: text is appended, Enter submits what was typed before it, Backspace erases.

import React, { useRef, useState } from 'react';
import { Text, useInput } from 'ink';

export interface SlugInputProps {
  onChange: (text: string) => void;
  onSubmit: (text: string) => void;
}

export function SlugInput({ onChange, onSubmit }: SlugInputProps): React.JSX.Element {
  const [value, setValue] = useState('');
  // the value as of the last input: two chunks in one tick must not both start from ''
  const typed = useRef('');
  useInput((input, key) => {
    const update = (next: string): void => {
      typed.current = next;
      setValue(next);
      onChange(next);
    };
    if (key.return) return onSubmit(typed.current);
    if (key.backspace || key.delete) return update(typed.current.slice(0, -1));
    // Esc, Tab, Ctrl+C, arrows: the wizard's keys, not text
    if (key.escape || key.tab || key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
    let next = typed.current;
    for (const ch of input) {
      if (ch === '\r' || ch === '\n') {
        update(next);
        return onSubmit(next);
      }
      if (ch === '\u007F' || ch === '\b') next = next.slice(0, -1);
      else if (ch >= ' ') next += ch;
    }
    update(next);
  });
  return (
    <Text>
      {value}
      <Text inverse> </Text>
    </Text>
  );
}
