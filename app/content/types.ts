import type { Audience, QuizDefinition } from './schema.ts'

// The shape of build/content/content.json, written by `npm run build:content`.

export type TocEntry = { id: string; text: string; depth: 2 | 3 }

export type LessonEntry = {
  id: string
  slug: string
  title: string
  summary: string
  minutes: number
  readingMinutes: number
  audience: Audience
  objectives: string[]
  toc: TocEntry[]
  courseId: string
  moduleId: string
  sourcePath: string
  words: number
  inflesz: number | null
  html: string
}

export type ModuleEntry = {
  id: string
  slug: string
  title: string
  summary: string
  minutes: number
  audience: Audience
  objectives: string[]
  introHtml: string
  lessonIds: string[]
  quizId: string | null
}

export type CourseEntry = {
  id: string
  slug: string
  title: string
  summary: string
  minutes: number
  audience: Audience
  objectives: string[]
  /** The hours the certificate states: computed from the content, or declared within 1.5× of it. */
  certificateHours: number
  computedHours: number
  version: string
  order: number
  descriptionHtml: string
  modules: ModuleEntry[]
  /** All lessons of the course in reading order. */
  lessons: LessonEntry[]
  examId: string | null
}

export type QuizEntry = QuizDefinition & {
  slug: string
  sourcePath: string
  courseId: string | null
  moduleId: string | null
  programmeId: string | null
}

export type ProgrammeEntry = {
  id: string
  slug: string
  title: string
  summary: string
  audience: Audience
  certificateHours: number
  computedHours: number
  version: string
  order: number
  moduleIds: string[]
  examId: string | null
  sourcePath: string
}

export type CompiledContent = {
  builtAt: string
  courses: CourseEntry[]
  quizzes: Record<string, QuizEntry>
  programmes: ProgrammeEntry[]
}
