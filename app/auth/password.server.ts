import { availableParallelism } from 'node:os'
import { hash, verify } from '@node-rs/argon2'
import pLimit from 'p-limit'

// OWASP / lucia guidance for argon2id (algorithm 2 = Argon2id in @node-rs/argon2).
const options = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1, algorithm: 2 } as const

// Each hash holds 19 MB while it runs. Running more at once than there are cores finishes none
// sooner (the work is CPU-bound) but multiplies that memory: a workshop of 60 signing in together
// used to add 4 × 19 MB (libuv's thread pool) on top of the server (issue 16). One per core, at most two.
const hashing = pLimit(Math.min(2, availableParallelism()))

export function hashSecret(secret: string): Promise<string> {
  return hashing(() => hash(secret, options))
}

export async function verifySecret(storedHash: string, secret: string): Promise<boolean> {
  try {
    return await hashing(() => verify(storedHash, secret))
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
