/**
 * CSV as spreadsheets read it: RFC 4180 quoting, CRLF, UTF-8 with a byte-order mark (plates and
 * merchant names are Chinese), one header row. Free text a spreadsheet would run as a formula
 * (=, +, -, @) is written as text.
 */
export type CsvValue = string | number;

const csvField = (value: CsvValue): string => {
  const text = typeof value === 'number' ? String(value) : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export const csvTable = <C extends string>(header: readonly C[], rows: readonly Record<C, CsvValue>[]): string => {
  const lines = [header.join(','), ...rows.map((row) => header.map((column) => csvField(row[column])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
};
