import { z } from 'zod'

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_PATH: z.string().min(1).default('./data/aula.db'),
  /** Base URL printed in certificates' QR codes and login cards. */
  PUBLIC_BASE_URL: z.string().url().default('http://localhost:3000'),
  PORT: z.coerce.number().int().positive().default(3000),
  /** Folder with the compiled content (written by `npm run build:content`). */
  CONTENT_BUILD_DIR: z.string().min(1).default('./build/content'),
})

export type Env = z.infer<typeof EnvSchema>

let cached: Env | undefined

/** Reads and checks the environment once; a bad value stops the process with a clear message. */
export function getEnv(): Env {
  if (cached) return cached
  const parsed = EnvSchema.safeParse(process.env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment variables:\n${problems.join('\n')}`)
  }
  cached = parsed.data
  return cached
}
