// Spanish readability: INFLESZ (Szigriszt-Pazos, Barrio-Cantalejo scale).
//   INFLESZ = 206.835 - 62.3 * syllables/words - words/sentences
//   > 80 muy fácil · 65-80 bastante fácil · 55-65 normal · 40-55 algo difícil · < 40 muy difícil
// Same syllable rules as ../shared/tools/readability.mjs, but measured on the rendered lesson
// text (each paragraph, list item and heading is its own block), without the "Fuentes" list.

const STRONG = new Set('aeoáéó')
const ACCENTED_WEAK = new Set('íú')
const VOWELS = /[aeiouáéíóúü]/
const LETTER = /[a-záéíóúüñ]/i

export function countSyllables(word: string): number {
  let w = word.toLowerCase().replace(/[^a-záéíóúüñ]/g, '')
  if (!w) return 0
  w = w.replace(/qu(?=[eiéí])/g, 'q').replace(/gu(?=[eiéí])/g, 'g')
  w = w.replace(/([aeiouáéíóú])y$/, '$1i')
  let count = 0
  let prev = ''
  for (const ch of w) {
    if (!VOWELS.test(ch)) {
      prev = ''
      continue
    }
    if (!prev) count++
    else {
      const bothStrong = STRONG.has(prev) && STRONG.has(ch)
      const hiatus = (ACCENTED_WEAK.has(prev) && STRONG.has(ch)) || (STRONG.has(prev) && ACCENTED_WEAK.has(ch))
      if (bothStrong || hiatus) count++
    }
    prev = ch
  }
  return Math.max(count, 1)
}

export type Readability = { words: number; sentences: number; syllables: number; inflesz: number | null }

/** Measures plain text in which each line is a separate block (paragraph, list item, heading). */
export function measureText(text: string): Readability {
  const sentences = text
    .split(/[.!?;:¿¡\n]+/)
    .map((s) => s.trim())
    .filter((s) => LETTER.test(s))
  let words = 0
  let syllables = 0
  for (const sentence of sentences) {
    for (const token of sentence.split(/\s+/)) {
      if (!LETTER.test(token)) continue
      words++
      syllables += countSyllables(token)
    }
  }
  const inflesz = words && sentences.length ? 206.835 - (62.3 * syllables) / words - words / sentences.length : null
  return { words, sentences: sentences.length, syllables, inflesz }
}

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'", '&nbsp;': ' ' }

/** The text a reader reads in rendered lesson HTML, one block per line, without the sources. */
export function readableTextOfHtml(html: string): string {
  const withoutSources = html.replace(/<h2[^>]*id="fuentes"[\s\S]*$/i, '')
  return withoutSources
    .replace(/<(script|style|svg)[\s\S]*?<\/\1>/gi, ' ')
    // A glossary term's word and definition stay in the sentence around them.
    .replace(/<\/summary>(?=<span class="term-def")/gi, ' ')
    .replace(/<\/(p|li|h[1-6]|blockquote|td|th|figcaption|summary|dd|dt)>|<\/div>/gi, '\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[#\w]+;/g, (e) => entities[e] ?? ' ')
    .replace(/[ \t]+/g, ' ')
}

/** Reading time for adults who read with effort: 150 words a minute, at least one minute. */
export const WORDS_PER_MINUTE = 150
export function readingMinutes(text: string): number {
  const words = text.split(/\s+/).filter((t) => LETTER.test(t)).length
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE))
}
