import { z } from 'zod'
import { genders } from '#app/db/schema.ts'
import { municipalityIds } from '#app/utils/municipalities.ts'

// Messages are i18n keys (namespace "auth"); the form translates them next to each field.
const fullName = z
  .string({ required_error: 'errors.fullNameRequired' })
  .trim()
  .min(3, 'errors.fullNameRequired')
  .max(120, 'errors.fullNameTooLong')
const municipality = z.enum(municipalityIds, { errorMap: () => ({ message: 'errors.municipalityRequired' }) })
const gender = z
  .union([z.enum(genders), z.literal('')])
  .optional()
  .transform((g) => (g ? g : null))
const consent = z.literal('on', { errorMap: () => ({ message: 'errors.consentRequired' }) })

export const UsernameSchema = z
  .string({ required_error: 'errors.usernameFormat' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,29}$/, 'errors.usernameFormat')
export const PinSchema = z.string({ required_error: 'errors.pinFormat' }).regex(/^\d{6}$/, 'errors.pinFormat')
export const EmailSchema = z
  .string({ required_error: 'errors.emailFormat' })
  .trim()
  .toLowerCase()
  .email('errors.emailFormat')
  .max(200, 'errors.emailFormat')
export const PasswordSchema = z
  .string({ required_error: 'errors.passwordLength' })
  .min(10, 'errors.passwordLength')
  .max(200, 'errors.passwordLength')

export const MinerRegistrationSchema = z
  .object({
    fullName,
    municipality,
    gender,
    username: UsernameSchema,
    pin: PinSchema,
    pinConfirm: z.string().optional(),
    consent,
  })
  .refine((v) => v.pin === v.pinConfirm, { path: ['pinConfirm'], message: 'errors.pinMismatch' })

export const EmailRegistrationSchema = z
  .object({
    fullName,
    municipality,
    gender,
    profile: z.enum(['official', 'other'], { errorMap: () => ({ message: 'errors.profileRequired' }) }),
    email: EmailSchema,
    password: PasswordSchema,
    passwordConfirm: z.string().optional(),
    consent,
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'errors.passwordMismatch' })

export const SignInSchema = z.object({
  identifier: z.string({ required_error: 'errors.identifierRequired' }).trim().min(1, 'errors.identifierRequired').max(200),
  secret: z.string({ required_error: 'errors.secretRequired' }).min(1, 'errors.secretRequired').max(200),
  shared: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
  redirectTo: z.string().optional(),
})
