// The app's view of the configuration: the one schema lives in server/config.js (plain JS, so the
// production server checks it at start before loading the build); this module only caches it.
import { listeningUrl, parseConfig } from '../../server/config.js'

export type Env = ReturnType<typeof parseConfig>

export { listeningUrl }

/** Reads and checks an environment (process.env by default); a bad value is an error naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  return parseConfig(source)
}

let cached: Env | undefined

/** Reads and checks the environment once; a bad value stops the process with a clear message. */
export function getEnv(): Env {
  cached ??= parseEnv()
  return cached
}
