// Every setting the server and the app read from the environment, checked in one place with zod.
// The server calls parseConfig(process.env, { server: true }) before anything else at start and
// stops with one message naming every bad variable; the app (app/utils/env.server.ts) reads the
// same schema through getEnv(). `.env.example` and the README's configuration table list them.
// Plain JavaScript: production runs `node server/index.js` without TypeScript tooling.
import { z } from 'zod'
import { parseTrustProxy } from './trust-proxy.js'

const FLAG_VALUES = ['', '0', '1', 'true', 'false']
/** `1`/`true` on, `0`/`false`/empty/unset off; anything else is an error. */
const flag = z
  .enum(/** @type {[string, ...string[]]} */ (FLAG_VALUES), { message: 'use 1 (on) or 0 (off)' })
  .optional()
  .transform((v) => v === '1' || v === 'true')

/**
 * Unset and empty are the same: the default applies.
 * @template {z.ZodTypeAny} T
 * @param {T} schema
 */
const blankIsUnset = (schema) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema)

/** @param {number} min @param {number} max @param {string} message */
const wholeNumber = (min, max, message) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
    z.number({ invalid_type_error: message }).int(message).min(min, message).max(max, message),
  )

/** @param {string} fallback */
const path = (fallback) => blankIsUnset(z.string().default(fallback))

export const LOG_LEVELS = /** @type {const} */ (['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { message: 'use development, production or test' }).default('development'),
  /** The SQLite file (created if missing). */
  DATABASE_PATH: path('./data/aula.db'),
  /** Folder with the SQL migrations applied at start (tests point it at a copy). */
  MIGRATIONS_DIR: path('./drizzle'),
  /**
   * Base URL printed in certificates' QR codes and login cards. When unset (development, the
   * demo) it is the address the server listens on; a production start refuses to run without it.
   */
  PUBLIC_BASE_URL: blankIsUnset(
    z
      .string()
      .url('must be an absolute address such as https://aula.example.org')
      .refine((v) => /^https?:\/\//i.test(v), 'must start with http:// or https://')
      .optional(),
  ),
  PORT: blankIsUnset(wholeNumber(1, 65535, 'must be a port number between 1 and 65535').default(3000)),
  HOST: blankIsUnset(z.string().optional()),
  /** Folder with the compiled content (written by `npm run build:content`). */
  CONTENT_BUILD_DIR: path('./build/content'),
  /** `1`: the sign-in form has «computador compartido» ticked by default (community centres; on in the demo). */
  SHARED_COMPUTER_DEFAULT: flag,
  /** Express `trust proxy`, exactly the forms Express documents (server/trust-proxy.js). */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      try {
        return parseTrustProxy(raw)
      } catch (error) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: error instanceof Error ? error.message : String(error) })
        return z.NEVER
      }
    }),
  /** `1`: the site is only reached over HTTPS (HSTS everywhere, upgrade-insecure-requests). */
  FORCE_HTTPS: flag,
  /** `1`: `npm run demo` (a production-mode start allowed to hold demo accounts, no PUBLIC_BASE_URL needed). */
  AULA_DEMO: flag,
  /** smtp://user:password@host:587 or smtps://…:465; unset: no e-mail (reset links are handed over). */
  SMTP_URL: blankIsUnset(
    z
      .string()
      .refine((v) => {
        try {
          const url = new URL(v)
          return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== ''
        } catch {
          return false
        }
        // the value may hold a password: never repeated in the message
      }, 'must be an address such as smtp://user:password@mail.example.org:587 (or smtps://… for port 465)')
      .optional(),
  ),
  /** Sender of the e-mails, e.g. `Aula Somos Tesoro <aula@example.org>`. */
  SMTP_FROM: blankIsUnset(
    z
      .string()
      .refine(
        (v) => /^[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+$|^[^<>]*<[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>$/.test(v.trim()),
        'must be an e-mail address, optionally with a name: Aula <aula@example.org>',
      )
      .optional(),
  ),
  /** Where `npm run backup` writes its copies. */
  BACKUP_DIR: path('./data/copias'),
  /** How many copies `npm run backup` keeps (the oldest beyond are deleted). */
  BACKUP_KEEP: blankIsUnset(wholeNumber(1, 10_000, 'must be a whole number of copies, 1 or more').default(14)),
  /** pino level of the server's log. */
  LOG_LEVEL: blankIsUnset(z.enum(LOG_LEVELS, { message: `use one of ${LOG_LEVELS.join(', ')}` }).default('info')),
  /** On SIGTERM/SIGINT, how long requests in flight may take before the server exits anyway. */
  SHUTDOWN_TIMEOUT_MS: blankIsUnset(wholeNumber(0, 600_000, 'must be a number of milliseconds').default(10_000)),
})

/** The names of every variable the schema reads (`.env.example` and the README list them all). */
export const CONFIG_VARIABLES = Object.keys(ConfigSchema.shape)

export class ConfigError extends Error {
  /** @param {string[]} problems one line per bad variable, each starting with its name */
  constructor(problems) {
    super(`Invalid configuration (environment variables):\n${problems.map((p) => `  ${p}`).join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

/** The address the server listens on, as a browser on the same machine reaches it. */
export function listeningUrl({ PORT, HOST }) {
  const wildcard = !HOST || HOST === '0.0.0.0' || HOST === '::' || HOST === '127.0.0.1' || HOST === '::1' || HOST === 'localhost'
  const host = wildcard ? 'localhost' : HOST.includes(':') ? `[${HOST}]` : HOST
  return `http://${host}:${PORT}`
}

/**
 * Reads and checks an environment (process.env by default). Every problem is listed, each named by
 * its variable, in one ConfigError. With `server: true` the rules that only matter to a server
 * start apply too: a production start (not the demo) needs PUBLIC_BASE_URL.
 * @param {Record<string, string | undefined>} [source]
 * @param {{ server?: boolean }} [options]
 */
export function parseConfig(source = process.env, { server = false } = {}) {
  const parsed = ConfigSchema.safeParse(source)
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
  // read from the raw values so that this problem is listed along with any other
  const production = source.NODE_ENV === 'production'
  const demo = source.AULA_DEMO === '1' || source.AULA_DEMO === 'true'
  if (server && production && !demo && !source.PUBLIC_BASE_URL?.trim())
    problems.push(
      'PUBLIC_BASE_URL: required in production: the public address of the site (e.g. https://aula.example.org), printed in login cards and certificate QR codes. Set it, or use `npm run demo` to try the app on this machine.',
    )
  if (problems.length || !parsed.success) throw new ConfigError(problems)
  const env = parsed.data
  return { ...env, PUBLIC_BASE_URL: (env.PUBLIC_BASE_URL ?? listeningUrl(env)).replace(/\/+$/, '') }
}
