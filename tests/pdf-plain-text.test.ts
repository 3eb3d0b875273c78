import { describe, expect, it } from 'vitest';
import { literalCodes } from '../src/writers/pdf/plain-text.js';

describe('glyph codes in a content stream', () => {
  it('are written as the bytes of a literal string, half the length of hex', () => {
    expect(literalCodes('00410042')).toBe('(\x00A\x00B)');
  });

  it('escapes the delimiters, the backslash and the line ends, which a reader would otherwise take apart', () => {
    // Glyph ids 10, 13, 40, 41 and 92 of a subset: a line feed, a carriage return (read as a line end, so
    // changed to LF), the two parentheses and the backslash.
    expect(literalCodes('000a000d00280029005c')).toBe('(\x00\\n\x00\\r\x00\\(\x00\\)\x00\\\\)');
    // Their high bytes too: glyph 0x0a28.
    expect(literalCodes('0a28')).toBe('(\\n\\()');
  });
});
