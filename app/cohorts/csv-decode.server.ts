import iconv from 'iconv-lite'

// The bytes of an uploaded list, as the programs trainers use save them (ADR 017):
// - Excel «CSV UTF-8» and most other tools: UTF-8, often with a BOM;
// - Excel «Texto Unicode»: UTF-16 LE with a BOM, tab-separated;
// - Excel «CSV (delimitado por comas)» on a Spanish Windows: Windows-1252, ";"-separated.
// A file that is valid UTF-8 is UTF-8 (Windows-1252 text with accents almost never is);
// anything else is Windows-1252, which also reads ISO-8859-1 letters the same.

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** UTF-16 without a BOM: ASCII text has a NUL in every other byte. */
function utf16ByNulBytes(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const sample = bytes.subarray(0, Math.min(bytes.length, 4096)) // an even number of bytes, or the whole file
  let evenNul = 0
  let oddNul = 0
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) evenNul++
    if (sample[i + 1] === 0) oddNul++
  }
  const pairs = Math.floor(sample.length / 2)
  if (pairs < 2) return null
  if (oddNul > pairs * 0.3 && evenNul < pairs * 0.05) return 'utf-16le'
  if (evenNul > pairs * 0.3 && oddNul < pairs * 0.05) return 'utf-16be'
  return null
}

export function detectCsvEncoding(bytes: Uint8Array): { encoding: CsvEncoding; bom: boolean } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bom: true }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: true }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: true }
  const utf16 = utf16ByNulBytes(bytes)
  if (utf16) return { encoding: utf16, bom: false }
  try {
    strictUtf8.decode(bytes)
    return { encoding: 'utf-8', bom: false }
  } catch {
    return { encoding: 'windows-1252', bom: false }
  }
}

/** The text of an uploaded list, BOM removed, in NFC (so «í» typed two ways is one letter). */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding; bom: boolean } {
  const { encoding, bom } = detectCsvEncoding(bytes)
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, { stripBOM: true })
  return { text: text.replace(/^\uFEFF/, '').normalize('NFC'), encoding, bom }
}
