import { hash, verify } from '@node-rs/argon2'

// OWASP / lucia guidance for argon2id (algorithm 2 = Argon2id in @node-rs/argon2).
const options = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1, algorithm: 2 } as const

export function hashSecret(secret: string): Promise<string> {
  return hash(secret, options)
}

export async function verifySecret(storedHash: string, secret: string): Promise<boolean> {
  try {
    return await verify(storedHash, secret)
  } catch {
    return false
  }
}

/** A real hash to verify against when the account does not exist, so timing does not reveal it. */
let decoyHash: Promise<string> | undefined
export function getDecoyHash(): Promise<string> {
  decoyHash ??= hashSecret('decoy-secret-that-never-matches')
  return decoyHash
}
