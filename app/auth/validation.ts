import { z } from 'zod'
import { genders } from '#app/db/schema.ts'
import { municipalityIds } from '#app/utils/municipalities.ts'

// Messages are i18n keys (namespace "auth"); the form translates them next to each field.

/**
 * A person's name as stored and shown: bidirectional controls (which can reverse how a
 * name reads on a certificate or a list), NUL and other control characters and invisible
 * marks removed; normalised to NFC (so "Ñ" typed two ways is one name); spaces collapsed.
 */
export function cleanName(raw: string): string {
  return (
    raw
      .replace(/[\t\n\v\f\r\u0085\u00A0\u2028\u2029]/g, ' ')
      // Control characters are exactly what this strips (NUL, C0/C1, bidi overrides, invisible marks).
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g, '')
      .normalize('NFC')
      .replace(/\s+/g, ' ')
      .trim()
  )
}

/** The one name schema: registration, CSV import and administrators all use it. */
export const FullNameSchema = z
  .string({ required_error: 'errors.fullNameRequired' })
  .transform(cleanName)
  .pipe(z.string().min(3, 'errors.fullNameRequired').max(120, 'errors.fullNameTooLong'))
const fullName = FullNameSchema
const municipality = z.enum(municipalityIds, { errorMap: () => ({ message: 'errors.municipalityRequired' }) })
const gender = z
  .union([z.enum(genders), z.literal('')])
  .optional()
  .transform((g) => (g ? g : null))
const consent = z.literal('on', { errorMap: () => ({ message: 'errors.consentRequired' }) })

export const BIRTH_YEAR_MIN = 1920
/** The latest year of birth accepted: ten years before the current year (read at each call, never frozen at start-up). */
export const birthYearMax = (now = new Date()) => now.getUTCFullYear() - 10

/**
 * An optional year of birth as typed: empty is "not given" (null); otherwise 4 digits between
 * 1920 and ten years before `now`. A date as spreadsheets write it (15/03/1985, 1985-03-15) gives
 * its year: only the year is ever kept.
 */
export function parseBirthYear(raw: string | null | undefined, now = new Date()): { ok: true; year: number | null } | { ok: false } {
  const typed = (raw ?? '').trim()
  if (!typed) return { ok: true, year: null }
  const match = /^(\d{4})$/.exec(typed) ?? /^\d{1,2}[/.-]\d{1,2}[/.-](\d{4})$/.exec(typed) ?? /^(\d{4})-\d{1,2}-\d{1,2}$/.exec(typed)
  if (!match) return { ok: false }
  const year = Number(match[1])
  return year >= BIRTH_YEAR_MIN && year <= birthYearMax(now) ? { ok: true, year } : { ok: false }
}

/** Only for anonymous statistics (the funder's age bands); never required. */
const birthYear = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const parsed = parseBirthYear(v)
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: 'errors.birthYear' })
      return z.NEVER
    }
    return parsed.year
  })

export const UsernameSchema = z
  .string({ required_error: 'errors.usernameFormat' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,29}$/, 'errors.usernameFormat')
export const PinSchema = z
  .string({ required_error: 'errors.pinFormat' })
  .regex(/^\d{6}$/, 'errors.pinFormat')
  .refine((pin) => !isTrivialPin(pin), 'errors.pinTrivial')

/** PINs anyone would try first. */
const PIN_BLOCKLIST = new Set(['121212', '112233', '123123', '111222', '101010', '123321', '159753', '147258', '789456', '102030', '696969', '007007'])

/**
 * A PIN that falls to the first guesses: one digit repeated, a run up or down
 * (123456, 654321, 012345, 890123 …), a pair or trio repeated (121212, 123123), the
 * digits of the username, or a short blocklist.
 */
export function isTrivialPin(pin: string, username = ''): boolean {
  if (!/^\d{6}$/.test(pin)) return false
  const d = [...pin].map(Number)
  const steps = d.slice(1).map((x, i) => (x - d[i] + 10) % 10)
  if (steps.every((s) => s === 0) || steps.every((s) => s === 1) || steps.every((s) => s === 9)) return true
  if (pin === pin.slice(0, 2).repeat(3) || pin === pin.slice(0, 3).repeat(2)) return true
  if (PIN_BLOCKLIST.has(pin)) return true
  const own = username.replace(/\D/g, '')
  if (own.length >= 4 && (pin.includes(own) || own.includes(pin))) return true
  return false
}
export const EmailSchema = z.string({ required_error: 'errors.emailFormat' }).trim().toLowerCase().email('errors.emailFormat').max(200, 'errors.emailFormat')
export const PasswordSchema = z.string({ required_error: 'errors.passwordLength' }).min(10, 'errors.passwordLength').max(200, 'errors.passwordLength')

export const MinerRegistrationSchema = z
  .object({
    fullName,
    municipality,
    gender,
    birthYear,
    username: UsernameSchema,
    pin: PinSchema,
    pinConfirm: z.string().optional(),
    consent,
  })
  .refine((v) => !isTrivialPin(v.pin, v.username), { path: ['pin'], message: 'errors.pinTrivial' })
  .refine((v) => v.pin === v.pinConfirm, { path: ['pinConfirm'], message: 'errors.pinMismatch' })

export const EmailRegistrationSchema = z
  .object({
    fullName,
    municipality,
    gender,
    birthYear,
    profile: z.enum(['official', 'other'], { errorMap: () => ({ message: 'errors.profileRequired' }) }),
    email: EmailSchema,
    password: PasswordSchema,
    passwordConfirm: z.string().optional(),
    consent,
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'errors.passwordMismatch' })

/**
 * What was typed in «Usuario o correo», as accounts are stored. An e-mail (it has an @) is only
 * trimmed and lower-cased, never otherwise changed. A username is what a miner copies from a
 * card on a phone: any case («Jaime.Demo», the phone's capital first letter), accents dropped
 * (usernames are plain a–z), and spaces instead of the dot («Jaime Demo» → jaime.demo; spaces
 * around a dot are dropped).
 */
export function normalizeIdentifier(raw: string): string {
  const typed = raw.trim().toLowerCase()
  if (typed.includes('@')) return typed
  return cleanName(typed)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\s*\.\s*/g, '.')
    .replace(/\s+/g, '.')
}

export const SignInSchema = z.object({
  identifier: z.string({ required_error: 'errors.identifierRequired' }).trim().min(1, 'errors.identifierRequired').max(200),
  secret: z.string({ required_error: 'errors.secretRequired' }).min(1, 'errors.secretRequired').max(200),
  shared: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
  redirectTo: z.string().optional(),
})

/**
 * A calendar date typed as YYYY-MM-DD that exists (2026-02-30 does not), in 2000–2100.
 * `message` is the field's i18n key in the form's namespace.
 */
export function CalendarDateSchema(message: string, invalidMessage = 'errors.dateInvalid') {
  return z
    .string({ required_error: message })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, message)
    .refine((v) => {
      const [y, m, d] = v.split('-').map(Number)
      const date = new Date(Date.UTC(y, m - 1, d))
      return y >= 2000 && y <= 2100 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
    }, invalidMessage)
}
