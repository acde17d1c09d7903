/** A receipt amount typed in yuan ("88", "88.5", "¥128.00") as fen, or null when it is not an amount. */
export const receiptFenOf = (typed: string): number | null => {
  const match = /^\s*[¥￥]?\s*(\d{1,7})(?:\.(\d{1,2}))?\s*$/.exec(typed);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
};
