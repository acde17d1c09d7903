/** Characters people and cameras put between plate parts: spaces, `·`, `•`, `-`. */
const separators = /[\s·•-]/gu;
/** Full-width digits and Latin letters (０-９, Ａ-Ｚ, ａ-ｚ) sit 0xFEE0 above their ASCII forms. */
const fullWidthAlphanumeric = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/gu;
const fullWidthOffset = 0xfee0;

/**
 * The one spelling of a plate, exactly as DESIGN.md "Plates" pins it: trim, drop separators,
 * full-width → half-width, upper-case, then `O`→`0` and `I`→`1` after the first two characters
 * (Chinese plates never use I or O there; the first two may be letters of a military plate).
 */
export const normalizePlate = (text: string): string => {
  const compact = text
    .trim()
    .replace(separators, '')
    .replace(fullWidthAlphanumeric, (char) => String.fromCharCode(char.charCodeAt(0) - fullWidthOffset))
    .toUpperCase();
  return Array.from(compact)
    .map((char, index) => (index < 2 ? char : char === 'O' ? '0' : char === 'I' ? '1' : char))
    .join('');
};
