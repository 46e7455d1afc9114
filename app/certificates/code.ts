// Certificate codes: 12 Crockford base32 characters = 60 random bits, shown in
// groups of four (7K3M-Q9TD-XW2P). Easy to read aloud and type: no I, L, O or U.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const CODE_LENGTH = 12

/** Encodes the first 60 bits of 8 random bytes. */
export function codeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new Error('need 8 random bytes')
  let value = 0n
  for (const b of bytes.subarray(0, 8)) value = (value << 8n) | BigInt(b)
  value >>= 4n // keep 60 bits
  let out = ''
  for (let i = 0; i < CODE_LENGTH; i++) {
    out = ALPHABET[Number(value & 31n)] + out
    value >>= 5n
  }
  return out
}

export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-')
}

/**
 * What a person typed or a QR opened → the stored form, or null. Lower case,
 * spaces and missing dashes are fine; O/I/L are read as 0/1/1 as Crockford says.
 */
export function normalizeCode(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
  if (cleaned.length !== CODE_LENGTH) return null
  for (const ch of cleaned) if (!ALPHABET.includes(ch)) return null
  return cleaned
}
