// Hebrew acronyms and letter-numerals carry gershayim and geresh, which keyboards type as " and ':
// צה"ל, תשפ"ו, ג'ירפה. Between two Hebrew letters such a mark is never a quotation mark, so it is set as
// ״ (U+05F4) or ׳ (U+05F3) before the quote pass sees it.

const BETWEEN_LETTERS = /(?<=[\u05d0-\u05ea])(["'])(?=[\u05d0-\u05ea])/g;

export function replaceGershayim(text: string): string {
  if ((text.indexOf('"') < 0 && text.indexOf("'") < 0) || !/[\u05d0-\u05ea]/.test(text)) return text;
  return text.replace(BETWEEN_LETTERS, (mark: string) => (mark === '"' ? '\u05f4' : '\u05f3'));
}
