// Apostrophes: which word-initial and word-final `'` are elisions rather than quote marks.
// General English (and fan-fiction) elisions only; the quote pass adds the context rules.

/** Words that, after a leading `'`, are elisions whatever follows (`'tis`, `'em`, `'90s`). */
const LEADING_ELISIONS = new Set([
  'tis', 'twas', 'twere', 'twill', 'twould', 'twon', 'twouldn', 'twasn', 'twixt', 'tween',
  'em', 'nother', 'til', 'neath', 'gainst', 'mongst', 'midst', 'cos', 'coz', 'cuz',
  'scuse', 'spect', 'fraid', 'nuff', 'pon', 'kay', 'sup', 'un', 'uns', 'n',
  'ship', 'shipper', 'shippers', 'shipping', 'varsity', 'bus', 'phone', 'plane', 'cello',
  'copter', 'gator', 'gators', 'possum', 'coon', 'burbs', 'zine', 'zines', 'fro', 'roo',
  'stead', 'spose', 'sposin', 'nough', 'prentice', 'prentices', 'lectric', 'druther', 'taint',
  'tain', 'twant', 'twont', 'cordin', 'fessor', 'splain', 'cept',
  // Dropped h (dialect speech): not English words on their own.
  'im', 'ee', 'ello', 'ullo', 'allo', 'owdy', 'ere', 'oo', 'ard', 'appen', 'ope',
]);

/**
 * Words that are elisions after a leading `'` but also ordinary words (`'cause`/cause,
 * `'round`/round): an elision unless a closing quote later pairs with the mark.
 */
const AMBIGUOUS_ELISIONS = new Set([
  'cause', 'round', 'bout', 'till', 'fore', 'e', 'er', 'is', 'ad', 'ave', 'ow', 'alf', 'ome',
  'ead', 'eart', 'ell', 'less', 'course', 'deed', 'specially', 'pears', 'long', 'way', 'live',
  'most', 'low', 'gin', 'member', 'change',
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
