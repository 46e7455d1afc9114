import type { CourseEntry, LessonEntry, ModuleEntry, ProgrammeEntry, QuizEntry } from '#app/content/types.ts'

// Pure rules for what a course or a programme requires, and where a learner stands
// against them. Every page, the certificates and the cohort report read these and
// nothing else, so "done" means the same thing everywhere.

/**
 * "Marcar como leída" counts only after a third of the lesson's reading time
 * since it was first opened (listening takes as long as reading). A third leaves
 * room for fast readers and people who read the lesson in a workshop, and still
 * makes a course impossible to complete in seconds.
 */
export const MIN_READING_SHARE = 1 / 3

/** Stated time per question for the certificate's hours: read a case, weigh the options. */
export const MINUTES_PER_QUESTION = 1.5
/** Declared certificate hours may exceed the computed figure by at most this factor. */
export const MAX_DECLARED_HOURS_FACTOR = 1.5

export type Requirements = {
  lessonIds: string[]
  /** Module quizzes, then the final exam (when there is one). */
  quizIds: string[]
  examId: string | null
  /** False when a programme names a module that no longer exists: it cannot be completed. */
  satisfiable: boolean
}

export function courseRequirements(course: CourseEntry): Requirements {
  const moduleQuizzes = course.modules.map((m) => m.quizId).filter((id): id is string => Boolean(id))
  return {
    lessonIds: course.lessons.map((l) => l.id),
    quizIds: course.examId ? [...moduleQuizzes, course.examId] : moduleQuizzes,
    examId: course.examId,
    satisfiable: true,
  }
}

export type ProgrammeModule = { course: CourseEntry; module: ModuleEntry }

export function programmeModules(programme: ProgrammeEntry, courses: CourseEntry[]): ProgrammeModule[] {
  return courses.flatMap((course) => course.modules.filter((m) => programme.moduleIds.includes(m.id)).map((module) => ({ course, module })))
}

export function programmeRequirements(programme: ProgrammeEntry, courses: CourseEntry[]): Requirements {
  const modules = programmeModules(programme, courses)
  const moduleQuizzes = modules.map(({ module }) => module.quizId).filter((id): id is string => Boolean(id))
  return {
    lessonIds: modules.flatMap(({ module }) => module.lessonIds),
    quizIds: programme.examId ? [...moduleQuizzes, programme.examId] : moduleQuizzes,
    examId: programme.examId,
    satisfiable: modules.length === programme.moduleIds.length,
  }
}

export type QuizRecord = {
  bestScore: number | null
  passed: boolean
  attempts: number
  failed: number
  lastSubmittedAt: number | null
}

/** What one learner has done, as loaded by record.server.ts. */
export type LearnerRecord = {
  lessons: Map<string, { openedAt: number; completedAt: number | null }>
  quizzes: Map<string, QuizRecord>
}

export function emptyRecord(): LearnerRecord {
  return { lessons: new Map(), quizzes: new Map() }
}

export function isLessonDone(record: LearnerRecord, lessonId: string) {
  return Boolean(record.lessons.get(lessonId)?.completedAt)
}

export function isQuizPassed(record: LearnerRecord, quizId: string) {
  return Boolean(record.quizzes.get(quizId)?.passed)
}

export type Standing = {
  lessonsDone: number
  lessonsTotal: number
  quizzesPassed: number
  quizzesTotal: number
  done: number
  total: number
  percent: number
  /** Every lesson read and every quiz and exam passed, as the content is now. */
  complete: boolean
  /** Everything but the final exam is done: the exam is open and is all that is left. */
  readyForExam: boolean
  missingLessonIds: string[]
  missingQuizIds: string[]
  /** The first lesson not yet read, in reading order. */
  nextLessonId: string | null
}

/** The counts of a standing, as a progress bar shows them (without its lists of ids). */
export type ProgressCounts = Pick<Standing, 'lessonsDone' | 'lessonsTotal' | 'quizzesPassed' | 'quizzesTotal' | 'done' | 'total' | 'percent'>

export function progressCounts(s: Standing): ProgressCounts {
  return {
    lessonsDone: s.lessonsDone,
    lessonsTotal: s.lessonsTotal,
    quizzesPassed: s.quizzesPassed,
    quizzesTotal: s.quizzesTotal,
    done: s.done,
    total: s.total,
    percent: s.percent,
  }
}

/**
 * Whether everything required is done: `standing(...).complete` without building its lists, for
 * reports that ask it of a thousand learners × every module.
 */
export function isComplete(requirements: Requirements, record: LearnerRecord): boolean {
  if (!requirements.satisfiable || requirements.lessonIds.length + requirements.quizIds.length === 0) return false
  return requirements.lessonIds.every((id) => isLessonDone(record, id)) && requirements.quizIds.every((id) => isQuizPassed(record, id))
}

export function standing(requirements: Requirements, record: LearnerRecord): Standing {
  const missingLessonIds = requirements.lessonIds.filter((id) => !isLessonDone(record, id))
  const missingQuizIds = requirements.quizIds.filter((id) => !isQuizPassed(record, id))
  const lessonsDone = requirements.lessonIds.length - missingLessonIds.length
  const quizzesPassed = requirements.quizIds.length - missingQuizIds.length
  const total = requirements.lessonIds.length + requirements.quizIds.length
  const done = lessonsDone + quizzesPassed
  const complete = requirements.satisfiable && total > 0 && done === total
  const onlyExamLeft = requirements.examId !== null && missingLessonIds.length === 0 && missingQuizIds.length === 1 && missingQuizIds[0] === requirements.examId
  return {
    lessonsDone,
    lessonsTotal: requirements.lessonIds.length,
    quizzesPassed,
    quizzesTotal: requirements.quizIds.length,
    done,
    total,
    percent: total ? Math.floor((done / total) * 100) : 0,
    complete,
    readyForExam: requirements.satisfiable && onlyExamLeft,
    missingLessonIds,
    missingQuizIds,
    nextLessonId: missingLessonIds[0] ?? null,
  }
}

/**
 * What must be done before a final exam can be started: every lesson and module
 * quiz the exam's course or programme requires. Module quizzes have no prerequisites.
 */
export function examPrerequisites(quiz: Pick<QuizEntry, 'id' | 'kind'>, requirements: Requirements, record: LearnerRecord) {
  if (quiz.kind !== 'exam' || requirements.examId !== quiz.id) return { met: true, missingLessonIds: [], missingQuizIds: [] }
  const missingLessonIds = requirements.lessonIds.filter((id) => !isLessonDone(record, id))
  const missingQuizIds = requirements.quizIds.filter((id) => id !== quiz.id && !isQuizPassed(record, id))
  return { met: missingLessonIds.length === 0 && missingQuizIds.length === 0, missingLessonIds, missingQuizIds }
}

/** Seconds left before a lesson opened at `openedAt` may be marked read (0 when it may). */
export function readingSecondsLeft(lesson: Pick<LessonEntry, 'readingMinutes'>, openedAt: number | null, now: number): number {
  const needed = Math.ceil(lesson.readingMinutes * 60 * MIN_READING_SHARE)
  if (openedAt === null) return needed
  return Math.max(0, Math.ceil(needed - (now - openedAt) / 1000))
}

/** Minutes a quiz stands for on a certificate: its time limit, or the stated time per question drawn. */
export function quizMinutes(quiz: Pick<QuizEntry, 'questions' | 'draw' | 'timeLimitMinutes'>): number {
  if (quiz.timeLimitMinutes) return quiz.timeLimitMinutes
  return Math.ceil(Math.min(quiz.draw ?? quiz.questions.length, quiz.questions.length) * MINUTES_PER_QUESTION)
}

/** Reading time of the lessons plus the time of the quizzes and exam, rounded up to the half hour. */
export function computedHours(lessons: Pick<LessonEntry, 'readingMinutes'>[], quizzes: Pick<QuizEntry, 'questions' | 'draw' | 'timeLimitMinutes'>[]): number {
  const minutes = lessons.reduce((a, l) => a + l.readingMinutes, 0) + quizzes.reduce((a, q) => a + quizMinutes(q), 0)
  return Math.max(0.5, Math.ceil(minutes / 30) / 2)
}

/**
 * What must be done before a final exam opens: the requirements of the course or programme
 * it closes. Null for module quizzes (no prerequisites) and for an exam no longer in either.
 */
export function requirementsBeforeExam(
  quiz: Pick<QuizEntry, 'kind' | 'courseId' | 'programmeId'>,
  content: { courses: CourseEntry[]; programmes: ProgrammeEntry[] },
) {
  if (quiz.kind !== 'exam') return null
  if (quiz.courseId) {
    const course = content.courses.find((c) => c.id === quiz.courseId)
    return course ? courseRequirements(course) : null
  }
  const programme = content.programmes.find((p) => p.id === quiz.programmeId)
  return programme ? programmeRequirements(programme, content.courses) : null
}

export type CourseProgress = Standing & { nextLesson: Pick<LessonEntry, 'id' | 'slug' | 'title'> | null }

/** A learner's standing in a course, with the next lesson to read (for pages). */
export function courseProgress(course: CourseEntry, record: LearnerRecord): CourseProgress {
  const s = standing(courseRequirements(course), record)
  const next = s.nextLessonId ? course.lessons.find((l) => l.id === s.nextLessonId) : undefined
  return { ...s, nextLesson: next ? { id: next.id, slug: next.slug, title: next.title } : null }
}

export type ModuleState = 'notStarted' | 'inProgress' | 'done'

export type ModuleStanding = {
  lessonsDone: number
  lessonsTotal: number
  quiz: { id: string; passed: boolean; bestScore: number | null; attempts: number } | null
  state: ModuleState
  /** The next thing to do in the module: its first unread lesson, then its quiz; null when done. */
  next: { kind: 'lesson' | 'quiz'; id: string } | null
}

/** Where a learner stands in one module: lessons read, its quiz, and what comes next. */
export function moduleStanding(module: Pick<ModuleEntry, 'lessonIds' | 'quizId'>, record: LearnerRecord): ModuleStanding {
  const lessonsDone = module.lessonIds.filter((id) => isLessonDone(record, id)).length
  const quizRecord = module.quizId ? record.quizzes.get(module.quizId) : undefined
  const quiz = module.quizId
    ? { id: module.quizId, passed: Boolean(quizRecord?.passed), bestScore: quizRecord?.bestScore ?? null, attempts: quizRecord?.attempts ?? 0 }
    : null
  const nextLessonId = module.lessonIds.find((id) => !isLessonDone(record, id))
  const next = nextLessonId ? { kind: 'lesson' as const, id: nextLessonId } : quiz && !quiz.passed ? { kind: 'quiz' as const, id: quiz.id } : null
  const started = lessonsDone > 0 || (quiz?.attempts ?? 0) > 0
  return { lessonsDone, lessonsTotal: module.lessonIds.length, quiz, state: next === null ? 'done' : started ? 'inProgress' : 'notStarted', next }
}

export type ProgrammeStanding = Standing & {
  modules: (ProgrammeModule & { standing: ModuleStanding })[]
  /** The exam and what it still waits for (the modules with something missing). */
  exam: {
    id: string
    passed: boolean
    bestScore: number | null
    attempts: number
    open: boolean
    waitingFor: { moduleId: string; lessonsMissing: number; quizMissing: boolean }[]
  } | null
  /** The next thing to do: the next step of the first unfinished module, then the exam; null when all is done. */
  next: { kind: 'lesson' | 'quiz' | 'exam'; id: string; moduleId: string | null } | null
}

/** A learner's standing in a programme, module by module, with its final exam's prerequisites. */
export function programmeStanding(
  programme: ProgrammeEntry,
  courses: CourseEntry[],
  record: LearnerRecord,
  examQuiz: Pick<QuizEntry, 'id' | 'kind'> | undefined,
): ProgrammeStanding {
  const requirements = programmeRequirements(programme, courses)
  const modules = programmeModules(programme, courses).map((m) => ({ ...m, standing: moduleStanding(m.module, record) }))
  let exam: ProgrammeStanding['exam'] = null
  if (examQuiz && programme.examId === examQuiz.id) {
    const { met, missingLessonIds, missingQuizIds } = examPrerequisites(examQuiz, requirements, record)
    const examRecord = record.quizzes.get(examQuiz.id)
    exam = {
      id: examQuiz.id,
      passed: Boolean(examRecord?.passed),
      bestScore: examRecord?.bestScore ?? null,
      attempts: examRecord?.attempts ?? 0,
      open: met && requirements.satisfiable,
      waitingFor: modules
        .map(({ module }) => ({
          moduleId: module.id,
          lessonsMissing: module.lessonIds.filter((id) => missingLessonIds.includes(id)).length,
          quizMissing: Boolean(module.quizId && missingQuizIds.includes(module.quizId)),
        }))
        .filter((w) => w.lessonsMissing > 0 || w.quizMissing),
    }
  }
  const firstOpen = modules.find((m) => m.standing.next)
  const next: ProgrammeStanding['next'] = firstOpen?.standing.next
    ? { ...firstOpen.standing.next, moduleId: firstOpen.module.id }
    : exam && exam.open && !exam.passed
      ? { kind: 'exam', id: exam.id, moduleId: null }
      : null
  return { ...standing(requirements, record), modules, exam, next }
}
