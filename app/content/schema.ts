import { z } from 'zod'

// The authoring formats of content/ (see content/README.md). Checked at build time;
// a wrong file fails the build with its path and these messages.

const id = z
  .string({ required_error: 'falta "id" (id is required)' })
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'el "id" debe ir en minúsculas, números y guiones (kebab-case id)')
const text = (field: string) => z.string({ required_error: `falta "${field}" (${field} is required)` }).trim().min(1, `"${field}" está vacío (${field} is empty)`)
export const audiences = ['miners', 'officials', 'both'] as const
export type Audience = (typeof audiences)[number]

const common = {
  id,
  title: text('title'),
  summary: text('summary'),
  minutes: z.number({ required_error: 'falta "minutes" (estimated minutes)', invalid_type_error: '"minutes" debe ser un número' }).int().positive(),
  audience: z.enum(audiences, { errorMap: () => ({ message: '"audience" debe ser miners, officials o both' }) }),
  objectives: z
    .array(z.string().trim().min(3), { required_error: 'faltan "objectives" (learning objectives)' })
    .min(1, 'debe tener al menos un objetivo de aprendizaje (at least one objective)'),
}

export const CourseFrontmatterSchema = z
  .object({
    ...common,
    /** Optional: computed from the content when absent; when given, at most 1.5× the computed hours. */
    certificateHours: z.number().positive().optional(),
    version: z.coerce.string().default('1'),
    order: z.number().int().default(100),
  })
  .strict()
export const ModuleFrontmatterSchema = z.object(common).strict()
export const LessonFrontmatterSchema = z.object(common).strict()

export type CourseFrontmatter = z.infer<typeof CourseFrontmatterSchema>
export type ModuleFrontmatter = z.infer<typeof ModuleFrontmatterSchema>
export type LessonFrontmatter = z.infer<typeof LessonFrontmatterSchema>

const OptionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'id de opción inválido'),
    text: text('text'),
    correct: z.boolean().default(false),
    feedback: z.string().trim().optional(),
  })
  .strict()

export const QuestionSchema = z
  .object({
    id,
    type: z.enum(['single', 'multiple', 'truefalse'], { errorMap: () => ({ message: '"type" debe ser single, multiple o truefalse' }) }),
    prompt: text('prompt'),
    lesson: id.optional(),
    explanation: z.string().trim().optional(),
    options: z.array(OptionSchema).min(2, 'una pregunta necesita al menos dos opciones'),
  })
  .strict()
  .superRefine((q, ctx) => {
    const correct = q.options.filter((o) => o.correct).length
    if (correct === 0) ctx.addIssue({ code: 'custom', message: `la pregunta ${q.id} no tiene ninguna opción correcta` })
    if ((q.type === 'single' || q.type === 'truefalse') && correct !== 1)
      ctx.addIssue({ code: 'custom', message: `la pregunta ${q.id} (${q.type}) debe tener exactamente una opción correcta` })
    if (q.type === 'truefalse' && q.options.map((o) => o.id).sort().join() !== 'f,v')
      ctx.addIssue({ code: 'custom', message: `la pregunta ${q.id} (truefalse) debe tener las opciones "v" y "f"` })
    const ids = q.options.map((o) => o.id)
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: `la pregunta ${q.id} repite ids de opción` })
  })

export const QuizSchema = z
  .object({
    id,
    kind: z.enum(['quiz', 'exam']).default('quiz'),
    title: text('title'),
    passMark: z.number().min(1).max(100).default(70),
    draw: z.number().int().positive().optional(),
    shuffle: z.boolean().default(true),
    maxAttempts: z.number().int().positive().optional(),
    attemptWindowHours: z.number().positive().optional(),
    timeLimitMinutes: z.number().positive().optional(),
    questions: z.array(QuestionSchema).min(1, 'el cuestionario no tiene preguntas'),
  })
  .strict()
  .superRefine((quiz, ctx) => {
    const ids = quiz.questions.map((q) => q.id)
    const dup = ids.find((q, i) => ids.indexOf(q) !== i)
    if (dup) ctx.addIssue({ code: 'custom', message: `id de pregunta repetido: ${dup}` })
    if (quiz.draw && quiz.draw > quiz.questions.length)
      ctx.addIssue({ code: 'custom', message: `"draw" (${quiz.draw}) es mayor que el número de preguntas (${quiz.questions.length})` })
  })

export type QuizDefinition = z.infer<typeof QuizSchema>
export type Question = z.infer<typeof QuestionSchema>

export const ProgrammeSchema = z
  .object({
    id,
    title: text('title'),
    summary: text('summary'),
    audience: z.enum(audiences),
    certificateHours: z.number().positive().optional(),
    version: z.coerce.string().default('1'),
    /** The modules (from any course) the programme requires; their lessons and quizzes count. */
    modules: z.array(id).min(1, 'un programa necesita al menos un módulo'),
    order: z.number().int().default(100),
  })
  .strict()

/** "path: message" lines for every issue, for build output and tests. */
export function describeIssues(path: string, error: z.ZodError): string[] {
  return error.issues.map((i) => `${path}: ${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`)
}
