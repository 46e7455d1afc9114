import { z } from 'zod'

const flag = z
  .enum(['', '0', '1', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true')

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_PATH: z.string().min(1).default('./data/aula.db'),
  /**
   * Base URL printed in certificates' QR codes and login cards. When unset (development, the
   * demo) it is the address the server listens on; a production start refuses to run without it
   * (server/index.js).
   */
  PUBLIC_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  PORT: z.coerce.number().int().positive().default(3000),
  HOST: z.string().optional(),
  /** Folder with the compiled content (written by `npm run build:content`). */
  CONTENT_BUILD_DIR: z.string().min(1).default('./build/content'),
  /** `1`: the sign-in form has «computador compartido» ticked by default (community centres; on in the demo). */
  SHARED_COMPUTER_DEFAULT: flag,
  /**
   * Optional mail server (e.g. smtp://user:pass@mail.example.org:587, smtps://… for TLS): when set,
   * people with an e-mail account can ask for a password reset link themselves (/recuperar).
   */
  SMTP_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  /** The sender of those e-mails; default «Aula Somos Tesoro <no-responder@host of PUBLIC_BASE_URL>». */
  SMTP_FROM: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(3).optional()),
})

export type Env = Omit<z.infer<typeof EnvSchema>, 'PUBLIC_BASE_URL' | 'SMTP_FROM'> & { PUBLIC_BASE_URL: string; SMTP_FROM: string }

/** The address the server listens on, as a browser on the same machine reaches it. */
export function listeningUrl({ PORT, HOST }: { PORT: number; HOST?: string }): string {
  const wildcard = !HOST || HOST === '0.0.0.0' || HOST === '::' || HOST === '127.0.0.1' || HOST === '::1' || HOST === 'localhost'
  const host = wildcard ? 'localhost' : HOST.includes(':') ? `[${HOST}]` : HOST
  return `http://${host}:${PORT}`
}

/** Reads and checks an environment (process.env by default); a bad value is an error with every problem listed. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment variables:\n${problems.join('\n')}`)
  }
  const env = parsed.data
  const PUBLIC_BASE_URL = (env.PUBLIC_BASE_URL ?? listeningUrl(env)).replace(/\/+$/, '')
  const SMTP_FROM = env.SMTP_FROM ?? `Aula Somos Tesoro <no-responder@${new URL(PUBLIC_BASE_URL).hostname}>`
  return { ...env, PUBLIC_BASE_URL, SMTP_FROM }
}

let cached: Env | undefined

/** Reads and checks the environment once; a bad value stops the process with a clear message. */
export function getEnv(): Env {
  cached ??= parseEnv()
  return cached
}
