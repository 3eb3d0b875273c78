// Apostrophes: which word-initial and word-final `'` are elisions rather than quote marks.
// General English (and fan-fiction) elisions only; the quote pass adds the context rules.

/** Words that, after a leading `'`, are elisions whatever follows (`'tis`, `'em`, `'90s`). */
const LEADING_ELISIONS = new Set([
  'tis', 'tisn', 'twas', 'twasn', 'twere', 'tweren', 'twill', 'twould', 'twouldn', 'twon', 'twixt', 'tween',
  'em', 'nother', 'til', 'neath', 'gainst', 'mongst', 'cos', 'coz', 'cuz',
  'scuse', 'spect', 'fraid', 'nuff', 'pon', 'kay', 'un', 'uns', 'n',
  'copter', 'gator', 'gators', 'burbs', 'spose', 'sposin', 'nough', 'prentice', 'prentices',
  'lectric', 'druther', 'tain', 'twant', 'twont', 'cordin', 'fessor', 'splain', 'cept',
  // Dropped h (dialect speech): not English words on their own.
  'im', 'ee', 'ello', 'ullo', 'allo', 'owdy', 'ere', 'oo', 'ard', 'appen',
]);

/**
 * Words that are elisions after a leading `'` but also ordinary words (`'cause`/cause,
 * `'round`/round, `'Ship`/ship): an elision unless a closing quote later pairs with the mark.
 */
const AMBIGUOUS_ELISIONS = new Set([
  'cause', 'round', 'bout', 'till', 'fore', 'midst', 'stead', 'taint', 'sup', 'course', 'less',
  'deed', 'specially', 'pears', 'long', 'way', 'live', 'most', 'low', 'gin', 'member', 'change',
  'ship', 'ships', 'shipper', 'shippers', 'shipping', 'varsity', 'bus', 'phone', 'phones', 'plane',
  'cello', 'possum', 'coon', 'zine', 'zines', 'fro', 'roo', 'ope',
  // Dropped h that leaves a word.
  'e', 'er', 'is', 'ad', 'ave', 'ow', 'alf', 'ome', 'ead', 'eart', 'ell', 'urt',
]);

/** Words that end in an apostrophe as an elision (`an'`, `o'`, `ol'`), besides g-dropping `-in'`. */
const TRAILING_ELISIONS = new Set(['an', 'o', 'ol', 'th', 'fo', 'goo', 'mornin', 'ma', 'pa', 'nuthin']);

/** Endings that attach to what precedes them: `General ⸻'s regiment`. */
const CLITICS = new Set(['s', 'll', 've', 're', 'd', 'm', 't']);

/** True when the word after a `'` that follows a dash or symbol (not a space) is a clitic (`'s`). */
export function isClitic(word: string): boolean {
  return CLITICS.has(word);
}

export type LeadingKind = 'elision' | 'ambiguous' | 'word';

const DIGITS_YEAR = /^\d\d(?:s)?$/;

/** Classifies the word after a leading `'` (already lower-cased). */
export function leadingKind(word: string): LeadingKind {
  if (LEADING_ELISIONS.has(word)) return 'elision';
  if (AMBIGUOUS_ELISIONS.has(word)) return 'ambiguous';
  if (DIGITS_YEAR.test(word)) return 'elision';
  return 'word';
}

/** True when the word before a trailing `'` is a known elision (`nothin'`, `an'`). */
export function isTrailingElision(word: string): boolean {
  if (TRAILING_ELISIONS.has(word)) return true;
  return word.length > 3 && word.endsWith('in');
}
