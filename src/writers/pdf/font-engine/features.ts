// The OpenType features fontkit applies to every run of horizontal text (its default shaper's plan, in
// plan order), and the optional ones this writer asks for. The engine applies the same lookups in the
// same order, so its glyphs and positions are fontkit's.

/** Applied to every glyph, in fontkit's plan order. (frac/numr/dnom are local to fractions: never here.) */
export const DEFAULT_FEATURES = ['rvrn', 'ltra', 'ltrm', 'ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'calt', 'clig', 'liga', 'rclt', 'curs', 'kern'] as const;

/** Features the layout asks for by name (small capitals, superscript note numbers). */
export const OPTIONAL_FEATURES = ['smcp', 'sups'] as const;

/** Every feature whose lookups a compiled font keeps. */
export const ENGINE_FEATURES: readonly string[] = [...DEFAULT_FEATURES, ...OPTIONAL_FEATURES];
