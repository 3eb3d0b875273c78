// Paragraphs whose double quotes do not pair up. Reported, never repaired: an open quote
// at the end of a paragraph is also how continued speech is written.

export interface QuoteBalance {
  balanced: boolean;
  straight: number;
  opening: number;
  closing: number;
}

export function doubleQuoteBalance(text: string): QuoteBalance {
  const straight = (text.match(/"/g) ?? []).length;
  const opening = (text.match(/[“„]/g) ?? []).length;
  const closing = (text.match(/”/g) ?? []).length;
  // Mixed straight and curly quotes pair across kinds; only the total parity is meaningful then.
  const balanced = straight === 0 ? opening === closing : opening === 0 && closing === 0 ? straight % 2 === 0 : (straight + opening + closing) % 2 === 0;
  return { balanced, straight, opening, closing };
}
