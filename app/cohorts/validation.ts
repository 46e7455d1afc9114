import { z } from 'zod'
import { CalendarDateSchema } from '#app/auth/validation.ts'
import { municipalityIds } from '#app/utils/municipalities.ts'

const date = (message: string) => CalendarDateSchema(message)

export const CohortSchema = z
  .object({
    name: z.string().trim().min(3, 'errors.name').max(120, 'errors.name'),
    municipality: z.enum(municipalityIds, { errorMap: () => ({ message: 'errors.municipality' }) }),
    startsOn: date('errors.startsOn'),
    endsOn: date('errors.endsOn'),
    courseIds: z.array(z.string()).min(1, 'errors.courses'),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ['endsOn'], message: 'errors.endsBeforeStart' })

export const AttendanceSessionSchema = z.object({
  heldOn: date('errors.heldOn'),
  topic: z.string().trim().min(3, 'errors.topic').max(200, 'errors.topic'),
})
