import { z } from 'zod'
import { municipalityIds } from '#app/utils/municipalities.ts'

const date = (message: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, message)

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
