/**
 * The one word count of Policy Lens (status bar, document summary, the comparison matrix's
 * per-10,000-words rates): a word is a run of letters or digits (accented letters included),
 * with apostrophes inside a word ("it's", "NHS England’s") not splitting it.
 */

/** Words in `text`. */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const w: boolean = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c < 0x2000) || ((c === 39 || c === 0x2019) && inWord);
    if (w && !inWord) words++;
    inWord = w;
  }
  return words;
}
