import { readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { getEnv } from '#app/utils/env.server.ts'
import type { CompiledContent, CourseEntry, LessonEntry, ModuleEntry, QuizEntry } from './types.ts'

// Serves the content compiled at build time; no request compiles MDX.
// In development the file is re-read when `build:content --watch` rewrites it.

let cache: { mtimeMs: number; content: CompiledContent } | undefined

function contentFile() {
  return join(resolve(getEnv().CONTENT_BUILD_DIR), 'content.json')
}

export function getContent(): CompiledContent {
  const file = contentFile()
  if (cache && getEnv().NODE_ENV === 'production') return cache.content
  const { mtimeMs } = statSync(file)
  if (!cache || cache.mtimeMs !== mtimeMs) {
    cache = { mtimeMs, content: JSON.parse(readFileSync(file, 'utf8')) as CompiledContent }
  }
  return cache.content
}

export function listCourses(): CourseEntry[] {
  return getContent().courses
}

export function getCourseBySlug(slug: string): CourseEntry | undefined {
  return getContent().courses.find((c) => c.slug === slug)
}

export function getCourseById(id: string): CourseEntry | undefined {
  return getContent().courses.find((c) => c.id === id)
}

export function getQuiz(id: string): QuizEntry | undefined {
  return getContent().quizzes[id]
}

export type LessonInCourse = {
  course: CourseEntry
  module: ModuleEntry
  lesson: LessonEntry
  /** 0-based position in the course's reading order. */
  index: number
  previous: LessonEntry | null
  next: LessonEntry | null
}

export function findLesson(courseSlug: string, lessonSlug: string): LessonInCourse | undefined {
  const course = getCourseBySlug(courseSlug)
  if (!course) return undefined
  const index = course.lessons.findIndex((l) => l.slug === lessonSlug)
  if (index === -1) return undefined
  const lesson = course.lessons[index]
  const module = course.modules.find((m) => m.id === lesson.moduleId)!
  return {
    course,
    module,
    lesson,
    index,
    previous: course.lessons[index - 1] ?? null,
    next: course.lessons[index + 1] ?? null,
  }
}
